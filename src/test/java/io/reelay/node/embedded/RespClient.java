package io.reelay.node.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Minimal raw-socket Redis client for tests: one command, first reply line(s) as text. */
final class RespClient {

  private RespClient() {
  }

  /** Returns "+OK", "+PONG", "-ERR ...", ":1", or the bulk string value (null for a nil bulk). */
  static String call(int port, String... args) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
      for (String arg : args) {
        command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(command.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line.startsWith("$")) {
        return line.equals("$-1") ? null : in.readLine();
      }
      return line;
    }
  }
}
