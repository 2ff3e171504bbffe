/*
 * report_md.c - GitHub-flavoured Markdown pieces the Markdown writers
 * share (report_markdown.c for report and merge, report_check.c for
 * check): text and code spans escaped so that what the logs and rules
 * hold shows as it is, and the input accounting as a list.
 */
#include "report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Whether p[0] means something inline in GitHub Markdown, so that it is
 * written with a backslash: emphasis, code, links, strikethrough, and
 * '<' or '&' when they could open a tag or an entity ("<= 300ms" is
 * left as it is); '|' too inside a table. */
static int md_special(const char *p, int table)
{
	unsigned char next = (unsigned char)p[1];
	int word = (next | 0x20) >= 'a' && (next | 0x20) <= 'z';
	if (*p == '<')
		return word || next == '/' || next == '!' || next == '?';
	if (*p == '&')
		return word || next == '#';
	return strchr("\\`*_[]~", *p) || (table && *p == '|');
}

/* s[0..n) display-safe, in a buffer to free. */
static char *display(const char *s, size_t n)
{
	char *buf = xmalloc(8 * n + 1);
	int cut;
	report_display(buf, 8 * n + 1, s, n, INT_MAX, &cut);
	return buf;
}

/* Text, escaped so that it shows as it is. */
void report_md_text(FILE *o, const char *s, int table)
{
	char *d = display(s, strlen(s));
	for (const char *p = d; *p; p++) {
		if (md_special(p, table))
			fputc('\\', o);
		fputc(*p, o);
	}
	free(d);
}

/* A code span: fenced by one backtick more than the longest run in it,
 * padded when it starts or ends with one; in a table '|' is escaped
 * (GitHub reads the table's cells before the spans in them). */
void report_md_code(FILE *o, const char *s, size_t n, int table)
{
	char *d = display(s, n);
	int run = 0, longest = 0;
	for (const char *p = d; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	size_t len = strlen(d);
	int spaced = len && (d[0] == '`' || d[len - 1] == '`');
	for (int k = 0; k <= longest; k++)
		fputc('`', o);
	fputs(spaced ? " " : "", o);
	for (const char *p = d; *p; p++) {
		if (table && *p == '|')
			fputc('\\', o);
		fputc(*p, o);
	}
	fputs(spaced ? " " : "", o);
	for (int k = 0; k <= longest; k++)
		fputc('`', o);
	free(d);
}

/* The input as report's table counts it (report_table_input), a list
 * item per line: lines of a paragraph would run into one when
 * rendered. */
void report_md_input(FILE *o, const model_t *m)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		util_fatal("out of memory (open_memstream)");
	report_table_input(f, m);
	fclose(f);
	for (char *line = buf; *line;) {
		size_t len = strcspn(line, "\n");
		char *next = line[len] ? line + len + 1 : line + len;
		line[len] = '\0';
		fputs("- ", o);
		report_md_text(o, line, 0);
		fputc('\n', o);
		line = next;
	}
	free(buf);
}
