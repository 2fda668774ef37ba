package dev.groundwork.web.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job behind every scheduled alignment job: hands the fire to {@link JobDispatcher}. One fire of a job at
 * a time, across every instance of a clustered workbench.
 */
@DisallowConcurrentExecution
public class AlignmentJob implements Job {

    private final JobDispatcher dispatcher;

    public AlignmentJob(JobDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void execute(JobExecutionContext context) {
        dispatcher.dispatch(context);
    }
}
