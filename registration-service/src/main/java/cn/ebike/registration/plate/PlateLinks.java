package cn.ebike.registration.plate;

import cn.ebike.registration.config.RegistrationConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * What a printed plate's QR code carries: {@code <PUBLIC_BASE_URL>/v/#<token>}, so any phone camera opens the
 * public check page, which reads the token from the fragment (a fragment never reaches a server log). A scan may
 * hand back either that URL or the bare token; {@link #tokenOf} accepts both.
 */
@Singleton
public class PlateLinks {

    private final String checkPage;

    @Inject
    public PlateLinks(RegistrationConfig config) {
        this(config.publicBaseUrl());
    }

    public PlateLinks(String publicBaseUrl) {
        String base = publicBaseUrl == null ? "" : publicBaseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalStateException("PUBLIC_BASE_URL must be an http(s) URL such as https://ebike.example.gov.cn, not '"
                    + publicBaseUrl + "'");
        }
        this.checkPage = base + "/v/#";
    }

    public String qrUrl(String token) {
        return checkPage + token;
    }

    /**
     * The token inside a scan: the fragment of an http(s) URL, or the text itself. A URL without a fragment
     * yields an empty string (a malformed scan, never an error).
     */
    public static String tokenOf(String scanned) {
        if (scanned == null) {
            return null;
        }
        String s = scanned.trim();
        String head = s.length() >= 8 ? s.substring(0, 8).toLowerCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        if (head.startsWith("http://") || head.startsWith("https://")) {
            int hash = s.indexOf('#');
            return hash < 0 ? "" : s.substring(hash + 1);
        }
        return s;
    }
}
