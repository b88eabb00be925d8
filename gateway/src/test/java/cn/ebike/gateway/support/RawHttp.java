package cn.ebike.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare HTTP/1.1 exchange over a socket, for headers that HTTP client libraries refuse to send. */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends the request text as is and returns the whole response text (the server closes). */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    response.write(buffer, 0, n);
                    String text = response.toString(StandardCharsets.UTF_8);
                    int headerEnd = text.indexOf("\r\n\r\n");
                    if (headerEnd >= 0 && complete(text, headerEnd)) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // return what arrived
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String text, int headerEnd) {
        String headers = text.substring(0, headerEnd).toLowerCase();
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return text.endsWith("0\r\n\r\n");
        }
        int lineEnd = headers.indexOf("\r\n", at);
        long length = Long.parseLong(headers.substring(at + 15, lineEnd < 0 ? headers.length() : lineEnd).trim());
        return text.getBytes(StandardCharsets.UTF_8).length - (headerEnd + 4) >= length;
    }
}
