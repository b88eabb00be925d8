package cn.ebike.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bare HTTP/1.1 over a socket, for what HTTP client libraries refuse to send or cannot show: headers that never
 * finish, bodies in pieces, odd paths, a connection closed without an answer. Shared by the services' and the
 * gateway's tests through common's test jar ({@code <type>test-jar</type>}).
 */
public final class RawSockets {

    private RawSockets() {
    }

    /** A socket to 127.0.0.1:port whose reads give up after {@code timeoutMs}. */
    public static Socket open(int port, int timeoutMs) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMs);
        return socket;
    }

    public static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Everything the server sends until it closes the connection (a reset counts as closed); an
     * {@link AssertionError} when the read timeout passes with the connection still open.
     */
    public static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the connection is still open after " + socket.getSoTimeout() + " ms; received: "
                    + seen.toString(StandardCharsets.UTF_8));
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** One response (its Content-Length or chunked body complete); the connection stays open. */
    public static String readResponse(Socket socket) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        readResponse(socket, seen);
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static void readResponse(Socket socket, ByteArrayOutputStream seen) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            seen.write(buffer, 0, n);
            if (complete(seen.toByteArray())) {
                break;
            }
        }
    }

    /**
     * Sends the request text as is and returns the response: complete, or what arrived before the server closed
     * or 10 s passed.
     */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = open(port, 10_000)) {
            write(socket, request);
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try {
                readResponse(socket, seen);
            } catch (SocketTimeoutException | SocketException e) {
                // return what arrived
            }
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether the bytes hold a whole response: headers, then a Content-Length body or a chunked body's end. */
    static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return false;
        }
        String headers = text.substring(0, headerEnd).toLowerCase();
        if (headers.contains("transfer-encoding: chunked")) {
            return text.endsWith("\r\n0\r\n\r\n");
        }
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = headers.indexOf("\r\n", at);
        long length = Long.parseLong(headers.substring(at + 15, end < 0 ? headers.length() : end).trim());
        return bytes.length - (headerEnd + 4) >= length;
    }
}
