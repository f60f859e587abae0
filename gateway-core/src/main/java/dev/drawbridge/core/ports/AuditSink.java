package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.AuditEvent;

/**
 * Where audit events go. {@link #record} returns once the event is written to the journal file
 * (handed to the operating system, so a crash of the gateway process cannot lose it) or once it is
 * known that it cannot be; an operation is forwarded upstream only when its receipt {@linkplain
 * AuditReceipt#mayProceed() lets it}. Implementations never wait for the disk (fsync happens
 * elsewhere) and may be called from any thread, event loops included.
 */
public interface AuditSink {

  AuditReceipt record(AuditEvent event);
}
