/** Where protocol modules get the credentials the gateway holds for upstreams. */
package dev.drawbridge.core.secrets;
