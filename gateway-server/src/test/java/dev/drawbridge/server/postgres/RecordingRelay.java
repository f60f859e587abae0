package dev.drawbridge.server.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay between a client and the gateway that records, per connection, every byte the gateway
 * sent towards the client: what an agent (or anyone on its wire) could see.
 */
final class RecordingRelay implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final List<ByteArrayOutputStream> recordings = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;

  /** Starts accepting on an ephemeral loopback port; each connection is relayed to {@code port}. */
  RecordingRelay(int port) throws IOException {
    this.target = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("relay-accept").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** What the gateway sent on each connection so far, in the order the connections came. */
  synchronized List<byte[]> recordings() {
    List<byte[]> copies = new ArrayList<>();
    for (ByteArrayOutputStream recording : recordings) {
      synchronized (recording) {
        copies.add(recording.toByteArray());
      }
    }
    return copies;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket gateway = new Socket();
        gateway.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
        ByteArrayOutputStream recording = new ByteArrayOutputStream();
        synchronized (this) {
          sockets.add(client);
          sockets.add(gateway);
          recordings.add(recording);
        }
        Thread.ofVirtual().start(() -> copy(client, gateway, null));
        Thread.ofVirtual().start(() -> copy(gateway, client, recording));
      } catch (IOException e) {
        // closed, or a connection failed: the client sees a closed socket
      }
    }
  }

  /** Copies until either side ends, then closes both; records into {@code recording} if given. */
  private static void copy(Socket from, Socket to, ByteArrayOutputStream recording) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (recording != null) {
          synchronized (recording) {
            recording.write(buffer, 0, n);
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (this) {
      sockets.forEach(RecordingRelay::closeQuietly);
    }
    try {
      acceptor.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
