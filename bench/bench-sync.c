/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Pulls --submissions rows from comedores-sim with cm_sync_pull() into a
 * fresh database, --runs times, and beside each run measures the floor:
 * the same Central pages fetched with curl to files and loaded with the
 * sqlite3 shell into a table keyed by instance id.
 *
 * Each pull runs in a child process (this program again, with --child), so
 * that its peak resident memory (VmHWM) is the pull's alone and not the
 * parent's, which holds the figures and has spawned curl and sqlite3. The
 * sim is started once and serves both. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "cm-db.h"
#include "cm-source.h"
#include "cm-sync.h"

#define CENTRAL_USER     "monitor@example.org"
#define CENTRAL_PASSWORD "comedores-demo-2021"
#define CENTRAL_PROJECT  "1"
#define CENTRAL_FORM     "reporte_diario"

/* User and system time of @who (RUSAGE_SELF or RUSAGE_CHILDREN), in µs. */
static gint64
cpu_us (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
    return 0;
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* --- the child: one pull ------------------------------------------------- */

static gint64
self_status_kb (const char *field)
{
  g_autofree char *status = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  return bench_parse_kb (status, field);
}

/* Prints "key: value" lines for the parent: the pull's time, its figures
 * and the process's memory. */
static int
child_main (const char *db_path,
            const char *url,
            guint       page_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(CmSource) source = NULL;
  CmSyncOptions options;
  CmSyncStats stats = { 0 };
  gint64 rss_before, start, end, cpu_start;

  if (!(db = cm_db_open (db_path, &error)) ||
      !(source = cm_source_add (db, "central", CM_SOURCE_CENTRAL, url, CENTRAL_PROJECT,
                                CENTRAL_FORM, CENTRAL_USER, &error)))
    {
      g_printerr ("bench-sync --child: %s\n", error->message);
      return 1;
    }

  cm_sync_options_init (&options);
  options.page_size = page_size;

  rss_before = self_status_kb ("VmRSS:");
  cpu_start = cpu_us (RUSAGE_SELF);
  start = g_get_monotonic_time ();
  if (!cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error))
    {
      g_printerr ("bench-sync --child: %s\n", error->message);
      return 1;
    }
  end = g_get_monotonic_time ();

  g_print ("pull_us: %" G_GINT64_FORMAT "\n", end - start);
  g_print ("cpu_us: %" G_GINT64_FORMAT "\n", cpu_us (RUSAGE_SELF) - cpu_start);
  g_print ("received: %u\n", stats.received);
  g_print ("expected: %" G_GINT64_FORMAT "\n", stats.expected);
  g_print ("inserted: %u\n", stats.inserted);
  g_print ("quarantined: %u\n", stats.quarantined);
  g_print ("pages: %u\n", stats.pages);
  g_print ("rss_before_kb: %" G_GINT64_FORMAT "\n", rss_before);
  g_print ("hwm_kb: %" G_GINT64_FORMAT "\n", self_status_kb ("VmHWM:"));

  return 0;
}

/* --- the parent ---------------------------------------------------------- */

typedef struct
{
  const char *self;       /* this program, for --child */
  const char *dir;        /* the run's temporary directory */
  const char *url;        /* the sim's base URL */
  guint       page_size;
  gint64      rows;       /* rows the sim serves */
} Setup;

/* The number on the child's "name: N" line, or -1. */
static gint64
field_int (const char *text,
           const char *name)
{
  g_autofree char *lines = g_strconcat ("\n", text, NULL);
  g_autofree char *key = g_strdup_printf ("\n%s: ", name);
  const char *p = strstr (lines, key);

  return p != NULL ? g_ascii_strtoll (p + strlen (key), NULL, 10) : -1;
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* Runs a program to its end; its stdout is returned when @out is given,
 * its stderr goes to ours (the log). */
static gboolean
run_program (const char * const  *argv,
             char               **out,
             GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_newv (argv, out ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_NONE, error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, error))
    return FALSE;

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed (%s %d)", argv[0],
                   g_subprocess_get_if_exited (process) ? "status" : "signal",
                   g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                        : g_subprocess_get_term_sig (process));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  double pull_ms;
  double cpu_ms;
  double hwm_mb;
  double rss_before_mb;
  double db_mb;
  gint64 received;
  gint64 pages;
} SyncRun;

static gboolean
sync_once (const Setup  *setup,
           guint         run,
           SyncRun      *result,
           GError      **error)
{
  g_autofree char *name = g_strdup_printf ("sync-%u.db", run);
  g_autofree char *db = g_build_filename (setup->dir, name, NULL);
  g_autofree char *page_size = g_strdup_printf ("%u", setup->page_size);
  g_autofree char *out = NULL;
  const char *argv[] = { setup->self, "--child", "--db", db, "--url", setup->url,
                         "--page-size", page_size, NULL };
  gboolean ok;

  remove_db (db);
  ok = run_program (argv, &out, error);
  if (ok)
    {
      result->pull_ms = field_int (out, "pull_us") / 1000.0;
      result->cpu_ms = field_int (out, "cpu_us") / 1000.0;
      result->hwm_mb = field_int (out, "hwm_kb") / 1024.0;
      result->rss_before_mb = field_int (out, "rss_before_kb") / 1024.0;
      result->received = field_int (out, "received");
      result->pages = field_int (out, "pages");
      result->db_mb = file_size (db) / (1024.0 * 1024.0);

      if (result->received != setup->rows || field_int (out, "inserted") != setup->rows ||
          field_int (out, "quarantined") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the pull did not insert the %" G_GINT64_FORMAT " rows:\n%s", setup->rows, out);
          ok = FALSE;
        }
    }
  remove_db (db);

  return ok;
}

typedef struct
{
  double fetch_ms;
  double curl_ms;     /* what curl itself timed, from connecting to the last byte */
  double load_ms;
  double total_ms;
  double cpu_ms;      /* curl's and sqlite3's user and system time */
  double db_mb;
  gint64 pages;
} FloorRun;

/* The next page's address: "@odata.nextLink" comes after the rows, so it
 * is the last one in the body; NULL on the last page. */
static char *
next_link (const char  *page,
           GError     **error)
{
  static const char key[] = "\"@odata.nextLink\":\"";
  g_autofree char *body = NULL;
  const char *start, *end;

  if (!g_file_get_contents (page, &body, NULL, error))
    return NULL;
  if ((start = g_strrstr (body, key)) == NULL)
    return NULL;
  start += strlen (key);
  if ((end = strchr (start, '"')) == NULL || memchr (start, '\\', end - start) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: a next link this benchmark cannot read", page);
      return NULL;
    }
  return g_strndup (start, end - start);
}

static char *
read_token (const char  *path,
            GError     **error)
{
  static const char key[] = "\"token\":\"";
  g_autofree char *body = NULL;
  const char *start, *end;

  if (!g_file_get_contents (path, &body, NULL, error))
    return NULL;
  if ((start = strstr (body, key)) == NULL || (end = strchr (start + strlen (key), '"')) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the login answered without a token: %s", body);
      return NULL;
    }
  start += strlen (key);
  return g_strndup (start, end - start);
}

static void
append_sql_string (GString    *sql,
                   const char *text)
{
  g_string_append_c (sql, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (sql, '\'');
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, '\'');
}

/* The floor: what it costs to move the same bytes into SQLite with the
 * tools a shell script would use. curl logs in and fetches the pages one
 * after the other, following the next link, as the pull does; the sqlite3
 * shell then loads every page, one transaction each, in WAL with
 * synchronous=NORMAL as Comedores opens its databases. */
static gboolean
floor_once (const Setup  *setup,
            guint         run,
            FloorRun     *result,
            GError      **error)
{
  g_autofree char *name = g_strdup_printf ("floor-%u", run);
  g_autofree char *dir = g_build_filename (setup->dir, name, NULL);
  g_autofree char *login_body = g_build_filename (dir, "login-request.json", NULL);
  g_autofree char *login = g_build_filename (dir, "login.json", NULL);
  g_autofree char *header = g_build_filename (dir, "authorization.txt", NULL);
  g_autofree char *script = g_build_filename (dir, "load.sql", NULL);
  g_autofree char *db = g_build_filename (dir, "floor.db", NULL);
  g_autofree char *sessions = g_strdup_printf ("%s/v1/sessions", setup->url);
  g_autofree char *login_data = g_strconcat ("@", login_body, NULL);
  g_autofree char *header_arg = g_strconcat ("@", header, NULL);
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *counted = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  gint64 start, fetched, loaded, cpu_start;
  double curl_s = 0;
  gboolean ok = FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s", dir);
      return FALSE;
    }
  if (!g_file_set_contents (login_body, "{\"email\":\"" CENTRAL_USER "\",\"password\":\"" CENTRAL_PASSWORD "\"}",
                            -1, error))
    goto out;

  cpu_start = cpu_us (RUSAGE_CHILDREN);
  start = g_get_monotonic_time ();
  {
    const char *argv[] = { "curl", "-sS", "--fail", "-w", "%{time_total}", "-X", "POST",
                           "-H", "Content-Type: application/json",
                           "--data-binary", login_data, "-o", login, sessions, NULL };
    g_autofree char *took = NULL;

    if (!run_program (argv, &took, error) || !(token = read_token (login, error)))
      goto out;
    curl_s += g_ascii_strtod (took, NULL);
  }
  {
    g_autofree char *line = g_strdup_printf ("Authorization: Bearer %s\n", token);

    if (!g_file_set_contents (header, line, -1, error))
      goto out;
  }

  /* The same first page as the pull asks for. */
  url = g_strdup_printf ("%s/v1/projects/%s/forms/%s.svc/Submissions?%%24top=%u&%%24count=true&%%24expand=*",
                         setup->url, CENTRAL_PROJECT, CENTRAL_FORM, setup->page_size);
  while (url != NULL)
    {
      g_autofree char *page_name = g_strdup_printf ("page-%04u.json", pages->len);
      char *page = g_build_filename (dir, page_name, NULL);
      const char *argv[] = { "curl", "-sS", "--fail", "-w", "%{time_total}", "-H", header_arg,
                             "-o", page, url, NULL };
      g_autofree char *took = NULL;

      g_ptr_array_add (pages, page);
      if (!run_program (argv, &took, error))
        goto out;
      curl_s += g_ascii_strtod (took, NULL);
      g_free (url);
      url = next_link (page, error);
      if (url == NULL && error != NULL && *error != NULL)
        goto out;
    }
  fetched = g_get_monotonic_time ();

  /* The shell's script takes no parameters: the file names go in as
   * quoted SQL strings. */
  g_string_append (sql,
                   "PRAGMA journal_mode = WAL;\n"
                   "PRAGMA synchronous = NORMAL;\n"
                   "CREATE TABLE t (instance_id TEXT PRIMARY KEY, raw TEXT NOT NULL);\n");
  for (guint i = 0; i < pages->len; i++)
    {
      g_string_append (sql,
                       "BEGIN;\n"
                       "INSERT OR REPLACE INTO t SELECT json_extract (value, '$.__id'), value"
                       " FROM json_each (readfile (");
      append_sql_string (sql, g_ptr_array_index (pages, i));
      g_string_append (sql, "), '$.value');\nCOMMIT;\n");
    }
  g_string_append (sql, "SELECT count(*) FROM t;\n");
  if (!g_file_set_contents (script, sql->str, (gssize) sql->len, error))
    goto out;

  loaded = g_get_monotonic_time ();
  {
    g_autofree char *dot_read = g_strconcat (".read ", script, NULL);
    const char *argv[] = { "sqlite3", "-bail", "-batch", db, dot_read, NULL };

    if (!run_program (argv, &counted, error))
      goto out;
  }
  loaded = g_get_monotonic_time () - loaded;
  result->cpu_ms = (cpu_us (RUSAGE_CHILDREN) - cpu_start) / 1000.0;

  /* journal_mode prints "wal", then the count comes last. */
  {
    const char *last;

    g_strstrip (counted);
    last = strrchr (counted, '\n') ? strrchr (counted, '\n') + 1 : counted;
    if (g_ascii_strtoll (last, NULL, 10) != setup->rows)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "the floor loaded not %" G_GINT64_FORMAT " rows but: %s", setup->rows, counted);
        goto out;
      }
  }

  result->fetch_ms = (fetched - start) / 1000.0;
  result->curl_ms = curl_s * 1000.0;
  result->load_ms = loaded / 1000.0;
  result->total_ms = result->fetch_ms + result->load_ms;
  result->db_mb = file_size (db) / (1024.0 * 1024.0);
  result->pages = pages->len;
  ok = TRUE;

out:
  for (guint i = 0; i < pages->len; i++)
    g_unlink (g_ptr_array_index (pages, i));
  remove_db (db);
  g_unlink (script);
  g_unlink (header);
  g_unlink (login);
  g_unlink (login_body);
  g_rmdir (dir);
  return ok;
}

/* Starts the sim and reads its base URL, the first line it prints. */
static GSubprocess *
sim_start (const char  *sim,
           gint64       submissions,
           char       **url,
           GError     **error)
{
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, submissions);
  const char *argv[] = { sim, "--port", "0", "--submissions", count, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL)
    return NULL;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (*url == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s exited without printing its address", sim);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return NULL;
    }

  return g_steal_pointer (&process);
}

static void
print_ms (const char *prefix,
          GArray     *samples)
{
  g_autofree char *min_name = g_strdup_printf ("%s_min_ms", prefix);
  g_autofree char *median_name = g_strdup_printf ("%s_median_ms", prefix);
  BenchSummary s;

  bench_summarize (samples, &s);
  bench_print (min_name, "%.0f", s.min);
  bench_print (median_name, "%.0f", s.median);
}

static double
median_of (GArray *samples)
{
  BenchSummary s;

  bench_summarize (samples, &s);
  return s.median;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GArray) pull_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pull_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hwm_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss_before_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fetch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *sim_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *tmp_parent = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *self = NULL;
  SyncRun sync_run = { 0 };
  FloorRun floor_run = { 0 };
  BenchSummary s;
  Setup setup;
  gboolean child = FALSE;
  gint64 sim_start_us;
  double floor_median, pull_median;
  int runs = 3;
  int page_size = 1000;
  int submissions = 100000;
  int status = 0;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Pulls and floors to time (default 3)", "N" },
    { "submissions", 0, 0, G_OPTION_ARG_INT, &submissions, "Rows the sim serves (default 100000)", "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "Rows per page (default 1000)", "N" },
    { "sim", 0, 0, G_OPTION_ARG_FILENAME, &sim_path, "The comedores-sim executable (default: this build's)", "PATH" },
    { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &tmp_parent,
      "Where to make the databases and pages (default: $TMPDIR or /tmp)", "DIR" },
    /* The child's options: one pull, from a running sim. */
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, NULL, NULL },
    { "db", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &url, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Times cm_sync_pull() of the sim's submissions, and the floor: the same "
                                "pages fetched with curl and loaded with sqlite3.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 2;
    }
  runs = CLAMP (runs, 1, 100);
  page_size = CLAMP (page_size, 1, 100000);
  submissions = MAX (submissions, 1);

  if (child)
    {
      if (db == NULL || url == NULL)
        {
          g_printerr ("bench-sync: --child needs --db and --url\n");
          return 2;
        }
      return child_main (db, url, (guint) page_size);
    }

  if (!(self = g_file_read_link ("/proc/self/exe", &error)))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }

  dir = g_build_filename (tmp_parent ? tmp_parent : g_get_tmp_dir (), "comedores-bench-sync-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    {
      g_printerr ("bench-sync: cannot make a temporary directory in %s: %s\n",
                  tmp_parent ? tmp_parent : g_get_tmp_dir (), g_strerror (errno));
      return 1;
    }

  g_printerr ("bench-sync: starting the sim with %d submissions\n", submissions);
  sim_start_us = g_get_monotonic_time ();
  sim = sim_start (sim_path ? sim_path : BENCH_SIM, submissions, &url, &error);
  if (sim == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      g_rmdir (dir);
      return 1;
    }
  sim_start_us = g_get_monotonic_time () - sim_start_us;

  setup.self = self;
  setup.dir = dir;
  setup.url = url;
  setup.page_size = (guint) page_size;
  setup.rows = submissions;

  /* One pull, then one floor, in turn: whatever else the machine does
   * weighs on both alike. */
  for (int i = 0; i < runs && status == 0; i++)
    {
      g_printerr ("bench-sync: run %d of %d: pull\n", i + 1, runs);
      if (!sync_once (&setup, (guint) i, &sync_run, &error))
        {
          g_printerr ("bench-sync: the pull: %s\n", error->message);
          status = 1;
          break;
        }
      g_array_append_val (pull_ms, sync_run.pull_ms);
      g_array_append_val (pull_cpu_ms, sync_run.cpu_ms);
      g_array_append_val (hwm_mb, sync_run.hwm_mb);
      g_array_append_val (rss_before_mb, sync_run.rss_before_mb);

      g_printerr ("bench-sync: run %d of %d: floor\n", i + 1, runs);
      if (!floor_once (&setup, (guint) i, &floor_run, &error))
        {
          g_printerr ("bench-sync: the floor: %s\n", error->message);
          status = 1;
          break;
        }
      g_array_append_val (fetch_ms, floor_run.fetch_ms);
      g_array_append_val (curl_ms, floor_run.curl_ms);
      g_array_append_val (load_ms, floor_run.load_ms);
      g_array_append_val (floor_ms, floor_run.total_ms);
      g_array_append_val (floor_cpu_ms, floor_run.cpu_ms);
      g_printerr ("bench-sync: run %d of %d: pull %.0f ms (cpu %.0f), floor %.0f ms (fetch %.0f, load %.0f; cpu %.0f)\n",
                  i + 1, runs, sync_run.pull_ms, sync_run.cpu_ms, floor_run.total_ms, floor_run.fetch_ms,
                  floor_run.load_ms, floor_run.cpu_ms);
    }

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_rmdir (dir);
  if (status != 0)
    return status;

  bench_print_int ("sync_rows_count", submissions);
  bench_print_int ("sync_page_size_count", page_size);
  bench_print_int ("sync_pages_count", sync_run.pages);
  bench_print_int ("sync_runs", runs);
  bench_print ("sync_sim_start_ms", "%.0f", sim_start_us / 1000.0);

  print_ms ("sync_pull", pull_ms);
  pull_median = median_of (pull_ms);
  bench_print ("sync_pull_rows_per_s", "%.0f", submissions / (pull_median / 1000.0));
  bench_print ("sync_pull_cpu_median_ms", "%.0f", median_of (pull_cpu_ms));
  bench_summarize (hwm_mb, &s);
  bench_print ("sync_pull_peak_rss_mb", "%.1f", s.max);
  bench_print ("sync_pull_rss_before_mb", "%.1f", median_of (rss_before_mb));
  bench_print ("sync_pull_db_size_mb", "%.1f", sync_run.db_mb);

  print_ms ("sync_floor_fetch", fetch_ms);
  print_ms ("sync_floor_fetch_curl", curl_ms);
  print_ms ("sync_floor_load", load_ms);
  print_ms ("sync_floor", floor_ms);
  floor_median = median_of (floor_ms);
  bench_print ("sync_floor_rows_per_s", "%.0f", submissions / (floor_median / 1000.0));
  bench_print ("sync_floor_cpu_median_ms", "%.0f", median_of (floor_cpu_ms));
  bench_print ("sync_floor_db_size_mb", "%.1f", floor_run.db_mb);

  bench_print ("sync_vs_floor_ratio", "%.2f", pull_median / floor_median);

  return 0;
}
