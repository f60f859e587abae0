package dev.drawbridge.core.identity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real JWKS endpoint on an ephemeral local port that counts the requests it serves and can be
 * told to rotate its keys, fail, or hold responses until released.
 */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String body;
  private volatile int status = 200;
  private volatile CountDownLatch gate;

  JwksServer(String body) throws IOException {
    this.body = body;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  /** Serves another key set from now on (a key rotation at the identity provider). */
  void serve(String jwks) {
    this.body = jwks;
    this.status = 200;
  }

  void failWith(int httpStatus) {
    this.status = httpStatus;
  }

  /** Holds every response until {@link #release()}. */
  void hold() {
    this.gate = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch held = gate;
    gate = null;
    if (held != null) {
      held.countDown();
    }
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    CountDownLatch held = gate;
    try {
      if (held != null && !held.await(10, TimeUnit.SECONDS)) {
        throw new IOException("held response was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
