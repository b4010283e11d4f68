-- The trial index (DESIGN section 6). Portable SQL: the same script runs on SQLite and Postgres.
-- Every row is derived from the run records under refs/runs/ in the store, so the index can be
-- dropped and rebuilt at any time (stimulus reindex).

CREATE TABLE experiments (
  name TEXT PRIMARY KEY,
  last_run TEXT NOT NULL,
  file TEXT,
  experiment_digest TEXT,
  objective_metric TEXT,
  objective_direction TEXT
);

CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  experiment TEXT NOT NULL,
  started_at TEXT NOT NULL,
  wall_ms BIGINT NOT NULL,
  source TEXT,
  data_digest TEXT,
  experiment_digest TEXT,
  trials INTEGER NOT NULL,
  nodes_done INTEGER NOT NULL,
  nodes_cached INTEGER NOT NULL,
  nodes_failed INTEGER NOT NULL,
  nodes_blocked INTEGER NOT NULL
);

-- status: ok | cached (completed, every invocation a cache hit in that run) | failed | blocked
CREATE TABLE trials (
  run_id TEXT NOT NULL,
  trial_index INTEGER NOT NULL,
  experiment TEXT NOT NULL,
  trial_id TEXT NOT NULL,
  label TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  params_json TEXT NOT NULL,
  metrics_json TEXT,
  objective DOUBLE PRECISION,
  model_digest TEXT,
  metrics_digest TEXT,
  action_keys_json TEXT NOT NULL,
  path_ms BIGINT NOT NULL,
  nodes INTEGER NOT NULL,
  nodes_cached INTEGER NOT NULL,
  ran TEXT NOT NULL,
  data_digest TEXT,
  PRIMARY KEY (run_id, trial_index)
);
CREATE INDEX trials_by_experiment ON trials (experiment, trial_id);
CREATE INDEX trials_by_status ON trials (status);

-- One row per trial parameter: numbers in value_num, every value's canonical JSON text in value_text
-- (a string's own text).
CREATE TABLE trial_params (
  run_id TEXT NOT NULL,
  trial_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  value_num DOUBLE PRECISION,
  value_text TEXT NOT NULL,
  PRIMARY KEY (run_id, trial_index, name)
);
CREATE INDEX trial_params_by_name ON trial_params (name, value_num);

-- One row per numeric metric of a trial: fold (train | validation | test) and metric name.
CREATE TABLE trial_metrics (
  run_id TEXT NOT NULL,
  trial_index INTEGER NOT NULL,
  fold TEXT NOT NULL,
  metric TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (run_id, trial_index, fold, metric)
);
CREATE INDEX trial_metrics_by_metric ON trial_metrics (fold, metric, value);
