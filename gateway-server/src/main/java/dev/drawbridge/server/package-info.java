/** The Drawbridge daemon: wiring of every module and its lifecycle. */
package dev.drawbridge.server;
