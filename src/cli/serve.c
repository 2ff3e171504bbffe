/*
 * serve.c - a libmicrohttpd daemon with its own polling thread. The text
 * served is swapped under a mutex, so a scrape always gets one whole
 * exposition, never a half-written one.
 *
 * Idle or slow clients must not lock out scrapes: one thread serves every
 * connection without blocking (epoll where there is one, so no FD_SETSIZE
 * ceiling), a connection silent for TIMEOUT seconds is closed, at most
 * max_conns() are open at once, and one client address holds at most half
 * of them, so another (Prometheus) always finds room.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "util.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"
#define TIMEOUT      5u   /* seconds a connection may be idle */
#define MAX_CONNS    512u /* connections open at once, at most */

struct serve {
	struct MHD_Daemon *d;
	pthread_mutex_t mu;
	char *text;
	size_t n;
	char *page; /* the HTML report, or NULL: index_page */
	size_t pn;
};

static const char index_page[] =
    "<!doctype html><title>slicalc</title>"
    "<h1>slicalc tail</h1><p><a href=\"/metrics\">/metrics</a></p>\n";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code,
                             const char *type, const char *body, size_t n)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    n, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET");
	enum MHD_Result ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_n, void **state)
{
	serve_t *s = cls;
	(void)version;
	(void)upload;
	(void)upload_n;
	(void)state;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
		             "only GET\n", 9);
	if (strcmp(url, "/") == 0) {
		pthread_mutex_lock(&s->mu);
		enum MHD_Result r =
		    s->page ? reply(c, MHD_HTTP_OK, "text/html; charset=utf-8",
		                    s->page, s->pn)
		            : reply(c, MHD_HTTP_OK, "text/html", index_page,
		                    sizeof(index_page) - 1);
		pthread_mutex_unlock(&s->mu);
		return r;
	}
	if (strcmp(url, "/metrics") != 0)
		return reply(c, MHD_HTTP_NOT_FOUND, "text/plain",
		             "not found; try /metrics\n", 24);
	pthread_mutex_lock(&s->mu);
	enum MHD_Result ret =
	    reply(c, MHD_HTTP_OK, CONTENT_TYPE, s->text ? s->text : "", s->n);
	pthread_mutex_unlock(&s->mu);
	return ret;
}

/* "host:port", "[v6]:port" or ":port" into a socket address. */
static int parse_addr(const char *s, struct sockaddr_storage *ss,
                      unsigned *flags)
{
	char host[128];
	const char *colon;
	memset(ss, 0, sizeof(*ss));
	if (strspn(s, "0123456789") == strlen(s)) {
		/* a bare port: loopback, the safe default */
		snprintf(host, sizeof(host), "127.0.0.1");
		colon = s - 1;
	} else if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' ||
		    (size_t)(close - s - 1) >= sizeof(host))
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(close - s - 1),
		         s + 1);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return -1;
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (!*host) {
		v4->sin_family = AF_INET;
		v4->sin_addr.s_addr = htonl(INADDR_ANY);
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		*flags |= MHD_USE_IPv6;
	} else {
		return -1;
	}
	return 0;
}

/* MAX_CONNS, or fewer when the process may not open that many files (the
 * followed logs, inotify and the state need some too). */
static unsigned max_conns(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < MAX_CONNS + 128)
		return rl.rlim_cur > 160 ? (unsigned)rl.rlim_cur - 128 : 32;
	return MAX_CONNS;
}

serve_t *serve_start(const char *addr, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
	if (parse_addr(addr, &ss, &flags) < 0) {
		snprintf(err, errlen,
		         "'%s' is not ADDRESS:PORT (e.g. 127.0.0.1:9464)",
		         addr);
		return NULL;
	}
	serve_t *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	unsigned limit = max_conns();
	s->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_TIMEOUT, TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, limit / 2, MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen,
		         "cannot listen on %s (in use, or not "
		         "an address of this host)",
		         addr);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

/* Swap a copy of text in for *slot under the lock; replies copy what
 * they send under the same lock, so the old text is freed after it. */
static void publish(serve_t *s, char **slot, size_t *len, const char *text,
                    size_t n)
{
	char *copy = xmalloc(n + 1);
	memcpy(copy, text, n);
	copy[n] = '\0';
	pthread_mutex_lock(&s->mu);
	char *old = *slot;
	*slot = copy;
	*len = n;
	pthread_mutex_unlock(&s->mu);
	free(old);
}

void serve_publish(serve_t *s, const char *text, size_t n)
{
	publish(s, &s->text, &s->n, text, n);
}

void serve_publish_page(serve_t *s, const char *page, size_t n)
{
	publish(s, &s->page, &s->pn, page, n);
}

void serve_stop(serve_t *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->mu);
	free(s->text);
	free(s->page);
	free(s);
}
