/*
 * state.h - what `slicalc tail --state FILE` saves and loads: everything
 * the statistics hold (counts, histograms, per-file records) together
 * with where each followed file was read to, so that a restart after any
 * stop, kill -9 included, continues exactly: the offsets and the numbers
 * in one state always belong together.
 *
 * The file is versioned and checksummed (CRC-32 over all of it), and
 * written atomically (a temporary file, fsync, rename). A corrupt, foreign
 * or differently-ruled state is an error, never a silent reset.
 */
#ifndef SLICALC_STATE_H
#define SLICALC_STATE_H

#include <stddef.h>

#include "follow.h"
#include "run.h"

/* 2: per-minute timelines; 3: the latencies of histograms of at most
 * HIST_RAW values (exact percentiles), other lines, incomplete requests by
 * reason, match errors, file notes; 4: per SLI the requests corrections
 * left out, in all and by correction name */
#define STATE_VERSION 4

/*
 * Save run's statistics and files, with pos[i] the position of the file
 * named run->files[i].name (npos entries; positions of files not followed
 * are invalid). Returns 0, or -1 with a message in err.
 */
int state_save(const char *path, const run_t *run, const follow_pos_t *pos,
               int npos, char *err, size_t errlen);

/*
 * The bytes state_save() writes, in *buf (malloc'd, the caller frees) and
 * *n: for `report --save-state -`, which sends them to standard output.
 */
void state_encode(const run_t *run, const follow_pos_t *pos, int npos,
                  unsigned char **buf, size_t *n);

/*
 * The length of the state at the start of p (n bytes, more states may
 * follow: `merge -` reads states concatenated), from its header alone:
 * whether those bytes hold a good state is state_decode()'s to say.
 * Returns the length (at least 36), or 0 with a message in err when p does
 * not start with a state's magic or is shorter than the header says.
 */
size_t state_frame(const unsigned char *p, size_t n, char *err, size_t errlen);

/*
 * Load path into run (with no data yet): the statistics and file records,
 * and in *pos (malloc'd, run->nfiles of them) their positions. A state
 * written with other rules (an SLI added, renamed or changed since: tail
 * restarted after an edit, not reloaded) is reshaped to run's rules as a
 * SIGHUP reload would: SLIs that count the same keep their statistics,
 * the others start empty; *reshaped is 1 then. Returns 1 if loaded, 0 if
 * path does not exist (a first start), -1 with a message in err.
 */
int state_load(const char *path, run_t *run, follow_pos_t **pos, int *reshaped,
               char *err, size_t errlen);

/*
 * Read a whole state file into *buf (malloc'd); path "-" reads standard
 * input to its end. Returns 1, 0 if path does not exist, -1 with a
 * message.
 */
int state_read(const char *path, unsigned char **buf, size_t *n, char *err,
               size_t errlen);

/* The rules a state was written with (a state carries their text), for
 * `slicalc merge`. NULL with a message when damaged or foreign. */
rules_t *state_rules(const unsigned char *p, size_t n, char *err,
                     size_t errlen);

/* Decode bytes in memory into run (the fuzz target reads with this). */
int state_decode(const unsigned char *p, size_t n, run_t *run,
                 follow_pos_t **pos, char *err, size_t errlen);

#endif
