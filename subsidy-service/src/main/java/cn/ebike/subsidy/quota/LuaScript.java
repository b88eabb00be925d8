package cn.ebike.subsidy.quota;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script from the classpath and its SHA-1 (what EVALSHA is called with). */
public record LuaScript(String name, String source, String sha) {

    public static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream("lua/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script lua/" + name + ".lua");
            }
            return of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot load Lua script " + name, e);
        }
    }

    public static LuaScript of(String name, String source) {
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
            return new LuaScript(name, source, sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
