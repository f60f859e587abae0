package dev.drawbridge.postgres.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Objects;

/**
 * An upstream session, logged in and ready for queries.
 *
 * @param channel the upstream channel; its pipeline frames backend messages and has no handler for
 *     them yet, and auto-read is off
 * @param parameterStatus the {@code ParameterStatus} messages the server sent, as their exact bytes
 *     (the receiver forwards or releases them)
 * @param processId the server's process id, for cancelling
 * @param secretKey the server's cancel key
 * @param transactionStatus the status byte of the server's {@code ReadyForQuery}
 * @param role the upstream role the gateway logged in as ({@code $user} in a search path)
 * @param searchSchemas the schemas an unqualified name resolves against, in order, as the server
 *     reported them at the start of the session
 */
public record UpstreamSession(
    Channel channel,
    List<ByteBuf> parameterStatus,
    int processId,
    int secretKey,
    byte transactionStatus,
    String role,
    List<String> searchSchemas) {

  public UpstreamSession {
    Objects.requireNonNull(channel, "channel");
    parameterStatus = List.copyOf(parameterStatus);
    searchSchemas = List.copyOf(searchSchemas);
  }
}
