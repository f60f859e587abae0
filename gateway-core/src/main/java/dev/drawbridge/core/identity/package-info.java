/**
 * Authentication of agents: JWTs from OIDC issuers or minted by Drawbridge (verified with Nimbus
 * JOSE+JWT against a shared secret or a cached JWKS), and static agent keys stored as SHA-256
 * hashes. {@link dev.drawbridge.core.identity.TokenAuthenticator} is the entry point; {@link
 * dev.drawbridge.core.identity.TokenMinter} mints tokens for {@code drawbridge token mint}.
 */
package dev.drawbridge.core.identity;
