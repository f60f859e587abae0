package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.AuditEvent;
import java.util.concurrent.CompletionStage;

/**
 * Where audit events go. The stage completes once the event is durable enough to be promised
 * (written to the journal file); an operation is forwarded upstream only after its event's stage
 * completed. Implementations never block the caller.
 */
public interface AuditSink {

  CompletionStage<Void> record(AuditEvent event);
}
