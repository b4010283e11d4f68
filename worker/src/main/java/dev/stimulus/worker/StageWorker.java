package dev.stimulus.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.workflows.conductor.StageTasks;
import java.util.Map;

/** The Conductor worker of one task type: adapts Conductor's task to {@link StageTasks}. */
final class StageWorker implements Worker {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final String taskType;
  private final StageTasks tasks;
  private final String identity;
  private final int pollIntervalMillis;

  StageWorker(String taskType, StageTasks tasks, String identity, int pollIntervalMillis) {
    this.taskType = taskType;
    this.tasks = tasks;
    this.identity = identity;
    this.pollIntervalMillis = pollIntervalMillis;
  }

  @Override
  public String getTaskDefName() {
    return taskType;
  }

  @Override
  public String getIdentity() {
    return identity;
  }

  @Override
  public int getPollingInterval() {
    return pollIntervalMillis;
  }

  /** Long stages (training) keep Conductor's response timeout from firing while they run. */
  @Override
  public boolean leaseExtendEnabled() {
    return true;
  }

  @Override
  public TaskResult execute(Task task) {
    JsonNode input = CanonicalJson.MAPPER.valueToTree(task.getInputData() == null ? Map.of() : task.getInputData());
    StageTasks.Meta meta = new StageTasks.Meta(task.getWorkflowInstanceId(), task.getTaskId(), task.getRetryCount(),
        identity);
    StageTasks.Answer answer = tasks.execute(taskType, input, meta);
    TaskResult result = new TaskResult(task);
    result.setWorkerId(identity);
    switch (answer) {
      case StageTasks.Answer.Completed c -> {
        result.setStatus(TaskResult.Status.COMPLETED);
        result.setOutputData(CanonicalJson.MAPPER.convertValue(c.output(), MAP));
      }
      case StageTasks.Answer.InProgress p -> {
        result.setStatus(TaskResult.Status.IN_PROGRESS);
        result.setCallbackAfterSeconds(p.callbackSeconds());
        result.log(p.reason());
      }
      case StageTasks.Answer.Failed f -> {
        result.setStatus(f.terminal() ? TaskResult.Status.FAILED_WITH_TERMINAL_ERROR : TaskResult.Status.FAILED);
        result.setReasonForIncompletion(f.reason());
        result.log(f.reason());
      }
    }
    return result;
  }
}
