package dev.drawbridge.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback that records every request it receives and answers with the
 * statuses it is given, in turn (then 200). It can hold its answers until released, to play a
 * webhook that hangs.
 */
final class WebhookServer implements AutoCloseable {

  /** A request as the server received it. */
  record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);

  WebhookServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The URL of {@code path} on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next answers, in turn; after them every request gets 200. */
  synchronized WebhookServer answer(int... codes) {
    for (int code : codes) {
      statuses.add(code);
    }
    return this;
  }

  /** From now on, requests are received (and recorded) but not answered until {@link #release}. */
  void hold() {
    hold = new CountDownLatch(1);
  }

  void release() {
    hold.countDown();
  }

  boolean holding() {
    return hold.getCount() > 0;
  }

  /** The next request received, waiting for it (a test fails rather than hangs). */
  Received next() throws InterruptedException {
    Received next = received.poll(30, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("the webhook server received nothing");
    }
    return next;
  }

  /** The requests received and not yet taken by {@link #next}. */
  List<Received> rest() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      hold.await();
      int status;
      synchronized (this) {
        status = statuses.isEmpty() ? 200 : statuses.poll();
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
