/*
 * test_logprefix.c - what Ruby apps put before a message: syslog and
 * Heroku prefixes (their pid or dyno), the Ruby Logger prefix (pid and
 * time), any number of tags, and lines that only look like them.
 * Expectations written out by hand from the lines.
 */
#include "check.h"
#include "logprefix.h"

#define CHECK_SLICE(s, want)                                                   \
	CHECK_MSG(slice_eq((s), (want)), "got \"%.*s\", want \"%s\"",          \
	          (int)(s).n, (s).p ? (s).p : "", (want))

static logline_t split(const char *s)
{
	logline_t l;
	logprefix_split(s, strlen(s), &l);
	return l;
}

int main(void)
{
	logline_t l = split("I, [2014-05-06T14:05:25.182820 #29544]  INFO -- : "
	                    "[ab-12] [x y] Started GET");
	CHECK_SLICE(l.pid, "29544");
	CHECK_SLICE(l.time, "2014-05-06T14:05:25.182820");
	CHECK_SLICE(l.tags, "[ab-12] [x y]");
	CHECK_SLICE(l.msg, "Started GET");

	/* a program name after "--" */
	l = split("W, [2026-11-02T08:00:00.1 #7] WARN -- app: hello");
	CHECK_SLICE(l.pid, "7");
	CHECK_SLICE(l.msg, "hello");

	/* syslog: the pid in brackets after the program */
	l = split("Nov  2 08:00:00 web1 rails[4242]: Completed 200 OK in 5ms");
	CHECK_SLICE(l.pid, "4242");
	CHECK_SLICE(l.msg, "Completed 200 OK in 5ms");
	CHECK_INT(l.tags.n, 0);

	/* Heroku: the dyno is the process */
	l = split("2018-06-29T17:17:18.218922+00:00 app[web.1]: [req-1] "
	          "Started GET \"/\"");
	CHECK_SLICE(l.pid, "web.1");
	CHECK_SLICE(l.tags, "[req-1]");
	CHECK_SLICE(l.msg, "Started GET \"/\"");

	/* no prefix: all message, leading spaces removed */
	l = split("   Rendered x.html.erb (1.2ms)");
	CHECK_INT(l.pid.n, 0);
	CHECK_INT(l.time.n, 0);
	CHECK_SLICE(l.msg, "Rendered x.html.erb (1.2ms)");

	/* a bracket that is not a tag ("[x]y": no space after it) */
	l = split("[x]y rest");
	CHECK_INT(l.tags.n, 0);
	CHECK_SLICE(l.msg, "[x]y rest");

	/* a Logger prefix cut short is not one */
	l = split("I, [2014-05-06T14:05:25 #1] INFO");
	CHECK_INT(l.pid.n, 0);
	CHECK_SLICE(l.msg, "I, [2014-05-06T14:05:25 #1] INFO");
	return CHECK_DONE("test_logprefix");
}
