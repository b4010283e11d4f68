package dev.stimulus.workflows.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The few Conductor REST calls stimulus makes, the same ones its UI makes: register definitions,
 * start a workflow, read it, rerun it from a task. Plain HTTP with Jackson: the definitions are
 * JSON resources sent as they are, so no client-side model of them is needed.
 */
public final class ConductorApi {

  private final URI base;
  private final HttpClient http;

  /** @param server the server's root, e.g. {@code http://127.0.0.1:8080} (an {@code /api} suffix is accepted) */
  public ConductorApi(URI server) {
    String s = server.toString().replaceAll("/+$", "");
    this.base = URI.create(s.endsWith("/api") ? s.substring(0, s.length() - 4) : s);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI server() {
    return base;
  }

  /** The REST root workers and clients use: {@code <server>/api/}. */
  public String apiRoot() {
    return base + "/api/";
  }

  /** Whether the server answers its health check. */
  public boolean healthy() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Fails with a clear message when the server does not answer. */
  public void requireReachable() {
    if (!healthy()) {
      throw unreachable(null);
    }
  }

  /** Registers (creates or updates) the task definitions and the workflows. */
  public void register(Definitions definitions) {
    send("POST", "/api/metadata/taskdefs", definitions.taskDefs());
    ArrayNode workflows = CanonicalJson.MAPPER.createArrayNode();
    definitions.workflows().forEach(workflows::add);
    send("PUT", "/api/metadata/workflow", workflows);
  }

  /** Whether the workflow definition of this name and version is registered. */
  public boolean registered(String workflow, int version) {
    return call("GET", "/api/metadata/workflow/" + workflow + "?version=" + version, null, true) != null;
  }

  /**
   * Starts a workflow; returns its id.
   *
   * @param taskToDomain e.g. {@code {stimulus_train: gpu}}: those tasks go only to workers polling that domain
   */
  public String start(String workflow, int version, JsonNode input, Map<String, String> taskToDomain) {
    ObjectNode request = CanonicalJson.MAPPER.createObjectNode();
    request.put("name", workflow);
    request.put("version", version);
    request.set("input", input);
    if (taskToDomain != null && !taskToDomain.isEmpty()) {
      ObjectNode d = request.putObject("taskToDomain");
      taskToDomain.forEach(d::put);
    }
    JsonNode id = send("POST", "/api/workflow", request);
    return id.isTextual() ? id.textValue() : id.toString();
  }

  /** The workflow with its tasks (inputs and outputs included). */
  public JsonNode workflow(String id) {
    return send("GET", "/api/workflow/" + id + "?includeTasks=true", null);
  }

  /** Reruns a workflow from one of its tasks, replacing that task's input (Conductor's rerun). */
  public void rerunFromTask(String workflowId, String taskId, JsonNode taskInput) {
    ObjectNode body = CanonicalJson.MAPPER.createObjectNode();
    body.put("reRunFromWorkflowId", workflowId);
    body.put("reRunFromTaskId", taskId);
    if (taskInput != null) {
      body.set("taskInput", taskInput);
    }
    send("POST", "/api/workflow/" + workflowId + "/rerun", body);
  }

  /** Any other call, for tests and tools: the parsed JSON answer (text answers become a string node). */
  public JsonNode send(String method, String path, JsonNode body) {
    return call(method, path, body, false);
  }

  private JsonNode call(String method, String path, JsonNode body, boolean notFoundIsNull) {
    URI uri = base.resolve(path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json, text/plain");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpTimeoutException e) {
      throw unreachable(e);
    } catch (IOException e) {
      throw new ConductorException(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConductorException("interrupted during " + method + " " + uri, e);
    }
    if (notFoundIsNull && r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() / 100 != 2) {
      throw new ConductorException("Conductor at " + base + " refused " + method + " " + path + ": HTTP "
          + r.statusCode() + " " + abbreviate(r.body()));
    }
    String text = r.body();
    if (text == null || text.isBlank()) {
      return CanonicalJson.MAPPER.nullNode();
    }
    try {
      return CanonicalJson.MAPPER.readTree(text);
    } catch (IOException e) {
      return CanonicalJson.MAPPER.getNodeFactory().textNode(text);
    }
  }

  private ConductorException unreachable(Exception cause) {
    return new ConductorException("Conductor is not reachable at " + base
        + " (start the local stack with 'stimulus up', or pass --conductor URL of a running server)", cause);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }
}
