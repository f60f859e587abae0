package dev.drawbridge.core.identity;

import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.core.runtime.CoreMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times every authentication of the authenticator it wraps: {@code
 * drawbridge.auth.attempts{result,method}} and {@code drawbridge.auth.duration{result}}. Protocol
 * listeners receive this decorator, so every protocol is measured the same way.
 */
public final class MeteredAuthenticator implements Authenticator {

  private final Authenticator delegate;
  private final MeterRegistry registry;
  private final Counter rejected;
  private final Timer acceptedTime;
  private final Timer rejectedTime;

  public MeteredAuthenticator(Authenticator delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
    this.rejected = attempts("rejected", "unknown");
    for (AuthMethod method : AuthMethod.values()) {
      attempts("accepted", tag(method));
    }
    this.acceptedTime = duration("accepted");
    this.rejectedTime = duration("rejected");
  }

  @Override
  public CompletionStage<AuthResult> authenticate(String token) {
    long start = System.nanoTime();
    return delegate
        .authenticate(token)
        .whenComplete(
            (result, failure) -> {
              long elapsed = System.nanoTime() - start;
              if (result instanceof AuthResult.Authenticated a) {
                attempts("accepted", tag(a.identity().method())).increment();
                acceptedTime.record(elapsed, TimeUnit.NANOSECONDS);
              } else {
                rejected.increment();
                rejectedTime.record(elapsed, TimeUnit.NANOSECONDS);
              }
            });
  }

  private Counter attempts(String result, String method) {
    return Counter.builder(CoreMeters.AUTH_ATTEMPTS)
        .description("Authentication attempts by agents")
        .tag("result", result)
        .tag("method", method)
        .register(registry);
  }

  private Timer duration(String result) {
    return Timer.builder(CoreMeters.AUTH_DURATION)
        .description("Time to authenticate an agent's token, including any key fetch")
        .tag("result", result)
        .register(registry);
  }

  private static String tag(AuthMethod method) {
    return method.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
