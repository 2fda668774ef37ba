/**
 * The dead-letter topic in the workbench: its records kept with their reasons, and an admin's decision on each,
 * replayed to the topic it came from (through the outbox) or discarded, audited. See docs/workbench.md.
 */
package dev.groundwork.web.deadletter;
