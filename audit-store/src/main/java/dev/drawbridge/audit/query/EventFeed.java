package dev.drawbridge.audit.query;

import java.util.List;

/** Events as they arrive: each poll answers those not answered before, oldest first. */
@FunctionalInterface
public interface EventFeed {

  List<StoredEvent> poll() throws AuditQueryException;
}
