package dev.drawbridge.policy.approval.notify;

import dev.drawbridge.config.Secret;
import dev.drawbridge.config.WebhookConfig;
import dev.drawbridge.policy.approval.ApprovalEvents;
import dev.drawbridge.policy.approval.ApprovalRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts approval requests and verdicts to the configured webhooks. {@link #requested} and {@link
 * #decided} only put the notification on the webhook's bounded queue and return: each webhook has
 * its own queue and its own virtual thread that posts in order, so a slow or failing webhook delays
 * only its own notifications and never an agent or an approver. A notification is retried with
 * exponential backoff on connection errors, timeouts, 429 and 5xx, and given up on any other
 * answer; when a webhook's queue is full, a new notification is dropped with a warning.
 *
 * <p>A webhook's URL may itself be a token (Slack's are) and its headers are credentials: logs name
 * a webhook by its index and host only, never by its path, query or headers.
 *
 * <p>Meters: {@code drawbridge.approvals.notifications{outcome=sent|failed|dropped}}, one count per
 * notification per webhook.
 */
public final class WebhookNotifier implements ApprovalEvents, AutoCloseable {

  /** Counter: notifications by outcome ({@code sent}, {@code failed}, {@code dropped}). */
  public static final String NOTIFICATIONS = "drawbridge.approvals.notifications";

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

  /** A queued notification: a request as it was when it was requested or decided. */
  private record Queued(ApprovalRequest request) {}

  /** What tells a webhook's thread to stop once the notifications before it are posted. */
  private static final Queued STOP = new Queued(null);

  /**
   * How notifications are queued and retried.
   *
   * @param queueCapacity notifications waiting per webhook before new ones are dropped
   * @param attempts how many times a notification is posted at most (1 means no retry)
   * @param backoff the wait before the first retry; each further retry waits twice as long
   * @param requestTimeout how long one attempt may take, connecting included
   * @param drainTimeout how long {@link #close()} lets queued notifications go out
   */
  public record Options(
      int queueCapacity,
      int attempts,
      Duration backoff,
      Duration requestTimeout,
      Duration drainTimeout) {

    /** 1000 queued per webhook; 4 attempts, 1s, 2s and 4s apart; 10s per attempt; 5s to drain. */
    public static final Options DEFAULTS =
        new Options(1000, 4, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));

    public Options {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1");
      }
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
      Objects.requireNonNull(backoff, "backoff");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(drainTimeout, "drainTimeout");
    }
  }

  /** One configured webhook: its queue, the thread that drains it, and how logs name it. */
  private final class Target {
    final WebhookConfig config;
    final URI uri;
    final String name;
    final BlockingQueue<Queued> queue;
    Thread thread;

    Target(int index, WebhookConfig config) {
      this.config = config;
      this.uri = URI.create(config.url());
      this.name =
          "webhook #"
              + index
              + " ("
              + uri.getScheme()
              + "://"
              + uri.getHost()
              + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
              + ")";
      this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    }

    boolean wants(WebhookConfig.Event event) {
      return config.events().contains(event);
    }
  }

  private final String gateway;
  private final Options options;
  private final List<Target> targets;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;
  private volatile boolean closed;

  /**
   * Starts one thread per webhook.
   *
   * @param webhooks the validated {@code approvals.webhooks}
   * @param gateway this gateway's name, as payloads carry it
   * @param registry where the meters go, or null for none
   */
  public WebhookNotifier(
      List<WebhookConfig> webhooks, String gateway, Options options, MeterRegistry registry) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.options = Objects.requireNonNull(options, "options");
    MeterRegistry meters = registry == null ? new CompositeMeterRegistry() : registry;
    this.sent = counter(meters, "sent");
    this.failed = counter(meters, "failed");
    this.dropped = counter(meters, "dropped");
    List<Target> list = new ArrayList<>(webhooks.size());
    for (int i = 0; i < webhooks.size(); i++) {
      list.add(new Target(i, webhooks.get(i)));
    }
    this.targets = List.copyOf(list);
    this.httpExecutor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("drawbridge-webhook-http-", 0).factory());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(options.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(httpExecutor)
            .build();
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      target.thread = Thread.ofVirtual().name("drawbridge-webhook-" + i).start(() -> drain(target));
    }
  }

  /** A notifier with the default queue size, retries and timeouts. */
  public WebhookNotifier(List<WebhookConfig> webhooks, String gateway, MeterRegistry registry) {
    this(webhooks, gateway, Options.DEFAULTS, registry);
  }

  @Override
  public void requested(ApprovalRequest request) {
    enqueue(WebhookConfig.Event.REQUESTED, request);
  }

  @Override
  public void decided(ApprovalRequest request) {
    enqueue(WebhookConfig.Event.DECIDED, request);
  }

  private void enqueue(WebhookConfig.Event event, ApprovalRequest request) {
    for (Target target : targets) {
      if (!target.wants(event)) {
        continue;
      }
      if (closed) {
        dropped.increment();
        log.debug("{}: closed; {} of {} not sent", target.name, event.configName(), request.id());
      } else if (!target.queue.offer(new Queued(request))) {
        dropped.increment();
        log.warn(
            "{}: {} notifications wait already; {} of approval {} dropped",
            target.name,
            options.queueCapacity(),
            WebhookPayloads.event(request),
            request.id());
      }
    }
  }

  /** The webhook's thread: posts each queued notification in turn until told to stop. */
  private void drain(Target target) {
    try {
      while (true) {
        Queued next = target.queue.take();
        if (next == STOP) {
          return;
        }
        deliver(target, next.request());
      }
    } catch (InterruptedException e) {
      // close() gave up waiting; what is still queued is counted there
    }
  }

  private void deliver(Target target, ApprovalRequest request) throws InterruptedException {
    String what = WebhookPayloads.event(request) + " of approval " + request.id();
    HttpRequest post;
    try {
      post = post(target, request);
    } catch (RuntimeException e) {
      failed.increment();
      log.warn("{}: {} not sent: cannot build it ({})", target.name, what, e.getClass().getName());
      return;
    }
    Duration wait = options.backoff();
    for (int attempt = 1; ; attempt++) {
      String problem;
      try {
        HttpResponse<Void> response = http.send(post, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          sent.increment();
          log.debug("{}: {} sent (HTTP {})", target.name, what, status);
          return;
        }
        if (status != 429 && status < 500) {
          failed.increment();
          log.warn("{}: {} refused with HTTP {}; not retried", target.name, what, status);
          return;
        }
        problem = "HTTP " + status;
      } catch (IOException e) {
        problem = describe(e, target);
      } catch (InterruptedException e) {
        dropped.increment();
        throw e;
      }
      if (attempt >= options.attempts()) {
        failed.increment();
        log.warn(
            "{}: {} not delivered after {} attempt(s); last: {}",
            target.name,
            what,
            attempt,
            problem);
        return;
      }
      log.debug(
          "{}: {} attempt {} failed ({}); retrying in {}",
          target.name,
          what,
          attempt,
          problem,
          wait);
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        dropped.increment();
        throw e;
      }
      wait = wait.multipliedBy(2);
    }
  }

  private HttpRequest post(Target target, ApprovalRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(target.uri)
            .timeout(options.requestTimeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "drawbridge-approvals")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    WebhookPayloads.body(target.config.format(), gateway, request)));
    for (Map.Entry<String, Secret> header : target.config.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue().reveal());
    }
    return builder.build();
  }

  /** An I/O failure for a log line: its type and message, with the webhook's URL taken out. */
  private static String describe(IOException e, Target target) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return type;
    }
    return type + ": " + message.replace(target.config.url(), target.name);
  }

  /**
   * Stops taking notifications, lets those already queued go out for up to {@code
   * options.drainTimeout}, then stops the webhook threads; what is still queued then is dropped.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Target target : targets) {
      // a full queue gets no STOP: its thread posts what it can until the deadline stops it
      target.queue.offer(STOP);
    }
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    boolean interrupted = false;
    for (Target target : targets) {
      try {
        if (!target.thread.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          target.thread.interrupt();
          target.thread.join(Duration.ofSeconds(1));
        }
      } catch (InterruptedException e) {
        interrupted = true;
        target.thread.interrupt();
      }
      int left = (int) target.queue.stream().filter(r -> r != STOP).count();
      target.queue.clear();
      if (left > 0) {
        dropped.increment(left);
        log.warn("{}: {} notification(s) not sent before shutdown", target.name, left);
      }
    }
    http.shutdownNow();
    httpExecutor.shutdownNow();
    try {
      httpExecutor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(NOTIFICATIONS)
        .description("Approval notifications to webhooks, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
