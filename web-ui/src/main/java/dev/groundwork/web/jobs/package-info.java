/**
 * Scheduled alignment jobs: Quartz on the workbench database (clustered JDBC job store), their history, and the
 * routing of their work to the trainer and critic services as events. See docs/jobs.md.
 */
package dev.groundwork.web.jobs;
