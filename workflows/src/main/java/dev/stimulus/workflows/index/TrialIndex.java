package dev.stimulus.workflows.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.workflows.experiment.Objective;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The trial index (DESIGN §6): every trial of every recorded run, with its parameters, metrics,
 * status, cost and digests, in a JDBC database: an SQLite file by default, Postgres in production.
 * The schema is migrated by Flyway on open (scripts under {@code dev/stimulus/workflows/index/migration},
 * history in {@code stimulus_schema_history}); one portable script serves both databases.
 *
 * <p>The index holds nothing the store does not: {@link #record} writes the rows of one {@link
 * RunRecord} (replacing that run's rows if present) and {@link #rebuild} replays every run record in
 * the store into an emptied index, so the two give the same rows.
 */
public final class TrialIndex implements AutoCloseable {

  static final List<String> TABLES = List.of("experiments", "runs", "trials", "trial_params", "trial_metrics");
  private static final Map<String, String> ORDER = Map.of(
      "experiments", "name",
      "runs", "run_id",
      "trials", "run_id, trial_index",
      "trial_params", "run_id, trial_index, name",
      "trial_metrics", "run_id, trial_index, fold, metric");

  private final String url;
  private final Connection connection;

  private TrialIndex(String url, Connection connection) {
    this.url = url;
    this.connection = connection;
  }

  /** The default index of a state directory: {@code jdbc:sqlite:<state>/index.db}. */
  public static String defaultUrl(Path stateDir) {
    return "jdbc:sqlite:" + stateDir.toAbsolutePath().normalize().resolve("index.db");
  }

  /**
   * Opens (creating an SQLite file's directory if needed) and migrates the index at a JDBC URL
   * ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB?user=U}).
   */
  public static TrialIndex open(String url) {
    if (url == null || !(url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:"))) {
      throw new StoreException("trial index URL '" + url + "': expected jdbc:sqlite:FILE or"
          + " jdbc:postgresql://HOST:PORT/DATABASE");
    }
    Properties props = new Properties();
    if (url.startsWith("jdbc:sqlite:")) {
      String file = url.substring("jdbc:sqlite:".length());
      int q = file.indexOf('?');
      Path path = Path.of(q < 0 ? file : file.substring(0, q));
      try {
        if (path.getParent() != null) {
          Files.createDirectories(path.getParent());
        }
      } catch (java.io.IOException e) {
        throw new StoreException("trial index " + path + ": cannot create its directory: " + e.getMessage(), e);
      }
      // Several processes may record runs into one file: wait for the writer instead of failing.
      props.setProperty("busy_timeout", "30000");
    }
    try {
      Flyway.configure(TrialIndex.class.getClassLoader())
          .dataSource(url, null, null)
          .locations("classpath:dev/stimulus/workflows/index/migration")
          .table("stimulus_schema_history")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("trial index " + redact(url) + ": schema migration failed: " + e.getMessage(), e);
    }
    try {
      Connection c = DriverManager.getConnection(url, props);
      c.setAutoCommit(false);
      return new TrialIndex(url, c);
    } catch (SQLException e) {
      throw failure(url, "open", e);
    }
  }

  /** The URL without a password parameter, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  public String url() {
    return redact(url);
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** Writes one run's rows, replacing any rows of the same run. */
  public void record(RunRecord run) {
    inTransaction(() -> {
      deleteRun(run.runId());
      insert(run);
    });
  }

  /**
   * Empties the index and replays every run record of the store, oldest first: the index a store
   * implies. Returns the number of runs.
   */
  public int rebuild(ArtifactStore store) {
    List<RunRecord> runs = RunRecord.loadAll(store);
    inTransaction(() -> {
      try (Statement s = connection.createStatement()) {
        for (String t : TABLES) {
          s.executeUpdate("DELETE FROM " + t);
        }
      }
      for (RunRecord r : runs) {
        insert(r);
      }
    });
    return runs.size();
  }

  private void deleteRun(String runId) throws SQLException {
    for (String t : List.of("trial_metrics", "trial_params", "trials", "runs")) {
      try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + t + " WHERE run_id = ?")) {
        p.setString(1, runId);
        p.executeUpdate();
      }
    }
  }

  private void insert(RunRecord run) throws SQLException {
    Results results = run.results();
    upsertExperiment(run);
    String data = results.data().map(Digest::hex).orElse(null);
    try (PreparedStatement p = connection.prepareStatement(
        "INSERT INTO runs (run_id, experiment, started_at, wall_ms, source, data_digest, experiment_digest, trials,"
            + " nodes_done, nodes_cached, nodes_failed, nodes_blocked) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      p.setString(1, run.runId());
      p.setString(2, run.experiment());
      p.setString(3, run.startedAt());
      p.setLong(4, run.millis());
      p.setString(5, run.source());
      p.setString(6, data);
      p.setString(7, run.toJson().path("results").path("experimentDigest").asText(null));
      p.setInt(8, results.trials().size());
      p.setInt(9, run.nodes("done"));
      p.setInt(10, run.nodes("cached"));
      p.setInt(11, run.nodes("failed"));
      p.setInt(12, run.nodes("blocked"));
      p.executeUpdate();
    }
    try (PreparedStatement trial = connection.prepareStatement(
            "INSERT INTO trials (run_id, trial_index, experiment, trial_id, label, status, message, params_json,"
                + " metrics_json, objective, model_digest, metrics_digest, action_keys_json, path_ms, nodes,"
                + " nodes_cached, ran, data_digest) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        PreparedStatement param = connection.prepareStatement(
            "INSERT INTO trial_params (run_id, trial_index, name, value_num, value_text) VALUES (?,?,?,?,?)");
        PreparedStatement metric = connection.prepareStatement(
            "INSERT INTO trial_metrics (run_id, trial_index, fold, metric, value) VALUES (?,?,?,?,?)")) {
      for (TrialResult t : results.trials()) {
        JsonNode cost = run.cost(t.index());
        int nodes = cost.path("nodes").asInt();
        int cachedNodes = cost.path("cachedNodes").asInt();
        String status = t.ok() && nodes > 0 && cachedNodes == nodes ? "cached" : t.status();
        List<String> ran = new ArrayList<>();
        cost.path("ran").forEach(k -> ran.add(k.asText()));
        Map<String, String> keys = new TreeMap<>();
        t.keys().forEach((k, v) -> keys.put(k, v.hex()));
        trial.setString(1, run.runId());
        trial.setInt(2, t.index());
        trial.setString(3, run.experiment());
        trial.setString(4, t.id());
        trial.setString(5, t.label());
        trial.setString(6, status);
        trial.setString(7, t.message());
        trial.setString(8, CanonicalJson.write(t.params()));
        trial.setString(9, t.metrics() == null ? null : CanonicalJson.write(t.metrics()));
        setDouble(trial, 10, t.objective().isPresent() ? t.objective().getAsDouble() : null);
        trial.setString(11, t.model() == null ? null : t.model().hex());
        trial.setString(12, t.metricsDigest() == null ? null : t.metricsDigest().hex());
        trial.setString(13, CanonicalJson.write(keys));
        trial.setLong(14, cost.path("millis").asLong());
        trial.setInt(15, nodes);
        trial.setInt(16, cachedNodes);
        trial.setString(17, String.join(",", ran));
        trial.setString(18, data);
        trial.addBatch();
        for (var e : t.params().entrySet()) {
          param.setString(1, run.runId());
          param.setInt(2, t.index());
          param.setString(3, e.getKey());
          JsonNode v = e.getValue();
          setDouble(param, 4, v.isNumber() ? v.doubleValue() : null);
          param.setString(5, v.isTextual() ? v.textValue() : CanonicalJson.write(v));
          param.addBatch();
        }
        if (t.metrics() != null) {
          for (Iterator<Map.Entry<String, JsonNode>> folds = t.metrics().fields(); folds.hasNext(); ) {
            var fold = folds.next();
            for (Iterator<Map.Entry<String, JsonNode>> ms = fold.getValue().fields(); ms.hasNext(); ) {
              var m = ms.next();
              if (m.getValue().isNumber() && Double.isFinite(m.getValue().doubleValue())) {
                metric.setString(1, run.runId());
                metric.setInt(2, t.index());
                metric.setString(3, fold.getKey());
                metric.setString(4, m.getKey());
                metric.setDouble(5, m.getValue().doubleValue());
                metric.addBatch();
              }
            }
          }
        }
      }
      trial.executeBatch();
      param.executeBatch();
      metric.executeBatch();
    }
  }

  /** The experiments row follows the experiment's latest run (run ids sort by time). */
  private void upsertExperiment(RunRecord run) throws SQLException {
    String last = null;
    try (PreparedStatement p = connection.prepareStatement("SELECT last_run FROM experiments WHERE name = ?")) {
      p.setString(1, run.experiment());
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          last = rs.getString(1);
        }
      }
    }
    if (last != null && last.compareTo(run.runId()) > 0) {
      return;
    }
    if (last != null) {
      try (PreparedStatement p = connection.prepareStatement("DELETE FROM experiments WHERE name = ?")) {
        p.setString(1, run.experiment());
        p.executeUpdate();
      }
    }
    JsonNode r = run.toJson().path("results");
    Objective objective = run.results().objective();
    try (PreparedStatement p = connection.prepareStatement(
        "INSERT INTO experiments (name, last_run, file, experiment_digest, objective_metric, objective_direction)"
            + " VALUES (?,?,?,?,?,?)")) {
      p.setString(1, run.experiment());
      p.setString(2, run.runId());
      p.setString(3, r.path("file").asText(null));
      p.setString(4, r.path("experimentDigest").asText(null));
      p.setString(5, objective == null ? null : objective.metric());
      p.setString(6, objective == null ? null : objective.direction().name().toLowerCase(Locale.ROOT));
      p.executeUpdate();
    }
  }

  private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.DOUBLE);
    } else {
      p.setDouble(i, v);
    }
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** An experiment as indexed: its latest run and objective. */
  public record ExperimentRow(String name, String lastRun, String file, Objective objective) {}

  public List<ExperimentRow> experiments() {
    return read(() -> {
      List<ExperimentRow> out = new ArrayList<>();
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT name, last_run, file, objective_metric, objective_direction"
              + " FROM experiments ORDER BY name")) {
        while (rs.next()) {
          String metric = rs.getString(4);
          Objective o = metric == null ? null : new Objective(metric,
              Objective.Direction.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)));
          out.add(new ExperimentRow(rs.getString(1), rs.getString(2), rs.getString(3), o));
        }
      }
      return out;
    });
  }

  public java.util.Optional<ExperimentRow> experiment(String name) {
    return experiments().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The trials matching a query, by experiment, run and trial number. */
  public List<IndexedTrial> trials(TrialQuery query) {
    StringBuilder sql = new StringBuilder(
        "SELECT t.experiment, t.run_id, r.started_at, t.trial_index, t.trial_id, t.label, t.status, t.message,"
            + " t.params_json, t.metrics_json, t.objective, t.model_digest, t.metrics_digest, t.action_keys_json,"
            + " t.path_ms, t.nodes, t.nodes_cached, t.ran, t.data_digest"
            + " FROM trials t JOIN runs r ON r.run_id = t.run_id WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (query.experiment() != null) {
      sql.append(" AND t.experiment = ?");
      args.add(query.experiment());
    }
    if (!query.history()) {
      sql.append(" AND t.run_id = (SELECT MAX(t2.run_id) FROM trials t2"
          + " WHERE t2.experiment = t.experiment AND t2.trial_id = t.trial_id)");
    }
    for (TrialQuery.Condition c : query.conditions()) {
      condition(c, sql, args);
    }
    sql.append(" ORDER BY t.experiment, t.run_id, t.trial_index");
    return read(() -> {
      List<IndexedTrial> out = new ArrayList<>();
      try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          p.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(trial(rs));
          }
        }
      }
      return out;
    });
  }

  private static void condition(TrialQuery.Condition c, StringBuilder sql, List<Object> args) {
    Double number = c.number();
    String op = c.op().equals("!=") ? "<>" : c.op();
    Map<String, String> columns = Map.of("objective", "t.objective", "status", "t.status",
        "experiment", "t.experiment", "trial", "t.trial_id", "run", "t.run_id");
    String column = columns.get(c.subject());
    if (column != null) {
      boolean numeric = column.equals("t.objective");
      if (numeric && number == null) {
        throw new StoreException("condition on objective: '" + c.value() + "' is not a number");
      }
      sql.append(" AND ").append(column).append(' ').append(op).append(" ?");
      args.add(numeric ? number : c.value());
    } else if (c.isMetric()) {
      if (number == null) {
        throw new StoreException("condition on metric " + c.subject() + ": '" + c.value() + "' is not a number");
      }
      int dot = c.subject().indexOf('.');
      sql.append(" AND EXISTS (SELECT 1 FROM trial_metrics m WHERE m.run_id = t.run_id AND m.trial_index ="
          + " t.trial_index AND m.fold = ? AND m.metric = ? AND m.value ").append(op).append(" ?)");
      args.add(c.subject().substring(0, dot));
      args.add(c.subject().substring(dot + 1));
      args.add(number);
    } else {
      sql.append(" AND EXISTS (SELECT 1 FROM trial_params q WHERE q.run_id = t.run_id AND q.trial_index ="
          + " t.trial_index AND q.name = ? AND ");
      args.add(c.subject());
      if (number != null) {
        sql.append("q.value_num ").append(op).append(" ?)");
        args.add(number);
      } else {
        sql.append("q.value_text ").append(op).append(" ?)");
        args.add(c.value());
      }
    }
  }

  private static IndexedTrial trial(ResultSet rs) throws SQLException {
    TreeMap<String, JsonNode> params = new TreeMap<>();
    json(rs.getString(9)).fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue()));
    String metrics = rs.getString(10);
    double objective = rs.getDouble(11);
    Double obj = rs.wasNull() ? null : objective;
    Map<String, String> keys = new LinkedHashMap<>();
    json(rs.getString(14)).fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
    return new IndexedTrial(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), params,
        metrics == null ? null : (ObjectNode) json(metrics), obj, rs.getString(12), rs.getString(13), keys,
        rs.getLong(15), rs.getInt(16), rs.getInt(17), rs.getString(18), rs.getString(19));
  }

  private static JsonNode json(String text) {
    try {
      return CanonicalJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new StoreException("trial index holds malformed JSON '" + text + "': " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Every row of every table, one line per row (columns separated by a tab, numbers in Java's
   * shortest exact form), tables in a fixed order and rows by primary key: two indexes hold the
   * same data exactly when their dumps are equal.
   */
  public List<String> dump() {
    return read(() -> {
      List<String> out = new ArrayList<>();
      for (String t : TABLES) {
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + t + " ORDER BY " + ORDER.get(t))) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder line = new StringBuilder(t);
            for (int i = 1; i <= md.getColumnCount(); i++) {
              Object v = rs.getObject(i);
              line.append('\t').append(md.getColumnName(i).toLowerCase(Locale.ROOT)).append('=')
                  .append(v instanceof Number n ? normal(n) : String.valueOf(v));
            }
            out.add(line.toString());
          }
        }
      }
      return out;
    });
  }

  private static String normal(Number n) {
    if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
    return Long.toString(n.longValue());
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private interface SqlWork {
    void run() throws SQLException;
  }

  private interface SqlRead<T> {
    T run() throws SQLException;
  }

  private synchronized void inTransaction(SqlWork work) {
    try {
      work.run();
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw failure(url, "write", e);
    }
  }

  private synchronized <T> T read(SqlRead<T> work) {
    try {
      T out = work.run();
      connection.commit();
      return out;
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw failure(url, "read", e);
    }
  }

  private static StoreException failure(String url, String what, SQLException e) {
    return new StoreException("trial index " + redact(url) + ": " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing is pending: every write commits before returning.
    }
  }
}
