package dev.drawbridge.server.admin;

import dev.drawbridge.core.runtime.ListenerSupervisor;

/** Ready while every configured listener is bound and accepting. */
public final class ListenersReady implements ReadinessCheck {

  private final ListenerSupervisor supervisor;

  public ListenersReady(ListenerSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public String name() {
    return "listeners";
  }

  @Override
  public Status status() {
    return supervisor.allBound()
        ? Status.ok("every listener is bound")
        : Status.notReady("listeners are not bound (starting or shutting down)");
  }
}
