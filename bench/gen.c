/*
 * gen.c - deterministic synthetic nginx access-log generator (slicalc bench).
 *
 * Writes LINES lines of an nginx access log to stdout in the format
 *   $remote_addr - $remote_user [$time_local] "$request" $status
 *   $body_bytes_sent "$http_referer" "$http_user_agent" $request_time
 *   $upstream_response_time
 * (one line each), imitating a Rails HR/attendance application behind nginx:
 * ~40 routes with numeric ids, UUIDs, fingerprinted assets and query strings,
 * per-route methods, status mixes and lognormal latencies with a heavy tail,
 * browser / mobile-app / health-probe / scanner clients, a diurnal traffic
 * curve over one day and three "events" that make SLIs interesting: a morning
 * check-in rush, a nightly payroll batch (slow payroll routes, 500s, 504s at
 * 60 s) and a deploy (502/503 bursts, new asset fingerprints).  Randomness
 * comes from our own xoshiro256** generator seeded through splitmix64, so the
 * output for a given -n/-s/-z is byte-identical on every run (libm's exp/log/
 * pow are only used on values rounded to whole milliseconds).  Throughput
 * matters because the benchmark generates 10M-line files: lines are built
 * with hand-written integer formatting into a 1 MiB buffer that is handed to
 * fwrite() in big blocks; no printf in the per-line path.
 *
 * Usage: gen [-n LINES] [-s SEED] [-z +HHMM] [-f nginx|rails]
 *        (defaults: 1000000, 1, +0900, nginx). With -f rails it writes the
 * Rails production log of the requests that reached the application.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF_SIZE  (1u << 20)
#define LINE_MAX_LEN 4096 /* generous bound of one line (a Rails block) */
#define NCLIENTS     4096
#define NSCANNERS    64
#define NRUNS        36

/* ---- PRNG: xoshiro256**, seeded with splitmix64 ---- */

static uint64_t rng_s[4];

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rnd(void)
{
	uint64_t *s = rng_s;
	const uint64_t result = rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

static void rng_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		rng_s[i] = splitmix64(&seed);
	}
}

/* Uniform double in [0, 1). */
static double unit(void)
{
	return (double)(rnd() >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n >= 1 (multiply-shift, negligible bias). */
static uint32_t below(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * n) >> 32);
}

static uint32_t between(uint32_t lo, uint32_t hi)
{
	return lo + below(hi - lo + 1);
}

/* Integer in [0, n) skewed towards 0 (popular ids, heavy clients). */
static uint32_t skewed(uint32_t n)
{
	double u = unit();

	return (uint32_t)(u * u * n);
}

/* Standard normal deviate, Marsaglia polar method with a cached spare. */
static double normal(void)
{
	static int have_spare;
	static double spare;
	double u, v, s;

	if (have_spare) {
		have_spare = 0;
		return spare;
	}
	do {
		u = 2.0 * unit() - 1.0;
		v = 2.0 * unit() - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	s = sqrt(-2.0 * log(s) / s);
	spare = v * s;
	have_spare = 1;
	return u * s;
}

/* ---- output formatting ---- */

static char outbuf[OUTBUF_SIZE];
static size_t outpos;
static const char hexdig[] = "0123456789abcdef";

static int flush_out(void)
{
	if (outpos > 0 && fwrite(outbuf, 1, outpos, stdout) != outpos) {
		return -1;
	}
	outpos = 0;
	return 0;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0) {
		*p++ = tmp[--n];
	}
	return p;
}

static char *put_2d(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* Milliseconds as nginx prints $request_time: seconds with 3 decimals. */
static char *put_ms(char *p, uint64_t ms)
{
	unsigned f = (unsigned)(ms % 1000);

	p = put_u64(p, ms / 1000);
	p[0] = '.';
	p[1] = (char)('0' + f / 100);
	p[2] = (char)('0' + f / 10 % 10);
	p[3] = (char)('0' + f % 10);
	return p + 4;
}

static char *put_hex(char *p, uint64_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--) {
		p[i] = hexdig[v & 15];
		v >>= 4;
	}
	return p + digits;
}

/* Random version-4 UUID, 8-4-4-4-12. */
static char *put_uuid(char *p, uint64_t hi, uint64_t lo)
{
	hi = (hi & ~UINT64_C(0xf000)) | UINT64_C(0x4000);
	lo = (lo & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62);
	p = put_hex(p, hi >> 32, 8);
	*p++ = '-';
	p = put_hex(p, (hi >> 16) & 0xffff, 4);
	*p++ = '-';
	p = put_hex(p, hi & 0xffff, 4);
	*p++ = '-';
	p = put_hex(p, lo >> 48, 4);
	*p++ = '-';
	return put_hex(p, lo & UINT64_C(0xffffffffffff), 12);
}

/* ---- calendar (proleptic Gregorian, H. Hinnant's algorithms) ---- */

static int64_t util_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *yy, unsigned *mm, unsigned *dd)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe =
	    (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned d = doy - (153 * mp + 2) / 5 + 1;
	const unsigned m = mp < 10 ? mp + 3 : mp - 9;

	*yy = (int)((int64_t)yoe + era * 400 + (m <= 2));
	*mm = m;
	*dd = d;
}

/* ---- the simulated application ---- */

enum {
	F_ASSET = 1 << 0,   /* static file served by nginx, no upstream */
	F_PAGE = 1 << 1,    /* HTML page: browsers only, referer set */
	F_WRITE = 1 << 2,   /* write: can fail validation (422/400) */
	F_PAYROLL = 1 << 3, /* hit by the nightly payroll batch */
	F_PROBE = 1 << 4,   /* load-balancer health check */
	F_SCAN = 1 << 5,    /* vulnerability-scanner noise */
	F_CACHE = 1 << 6,   /* GET with ETag: some 304 */
	F_ID = 1 << 7,      /* addresses a record: some 404 */
	F_LOGIN = 1 << 8,   /* sign-in form: many 422 */
	F_BOT = 1 << 9,     /* fetched by search-engine crawlers */
	F_CHECKIN = 1 << 10 /* boosted during the morning rush */
};

/*
 * Path templates: literal text plus placeholders
 *   %i employee id   %d department id   %n other record id   %p page number
 *   %u random UUID   %r payroll-run UUID   %h asset fingerprint (32 hex)
 *   %D date (YYYY-MM-DD)   %M month (YYYY-MM)   %m month number
 *   %q search term   %? stop here with probability 1/2 (optional query)
 */
struct route {
	const char *method;
	const char *tmpl;
	unsigned weight;    /* relative frequency */
	unsigned median_ms; /* lognormal median of $request_time */
	double sigma;       /* lognormal shape */
	unsigned ok;        /* status of a successful request */
	uint32_t bytes_lo, bytes_hi;
	unsigned flags;
};

static const struct route routes[] = {
    {"GET", "/api/v1/me", 600, 12, 0.5, 200, 400, 900, F_CACHE},
    {"GET", "/api/v1/notifications%?unread=true", 450, 18, 0.6, 200, 60, 4000,
     F_CACHE},
    {"PUT", "/api/v1/notifications/%n/read", 80, 20, 0.5, 204, 0, 0, F_ID},
    {"GET", "/api/v1/employees?page=%p&per_page=50", 300, 45, 0.7, 200, 8000,
     30000, F_CACHE},
    {"GET", "/api/v1/employees?q=%q", 80, 60, 0.8, 200, 200, 6000, 0},
    {"GET", "/api/v1/employees/%i", 900, 25, 0.6, 200, 900, 2500,
     F_CACHE | F_ID},
    {"PATCH", "/api/v1/employees/%i", 80, 60, 0.6, 200, 900, 2500,
     F_WRITE | F_ID},
    {"PUT", "/api/v1/employees/%i/profile", 30, 70, 0.6, 200, 900, 2500,
     F_WRITE | F_ID},
    {"POST", "/api/v1/employees", 20, 120, 0.6, 201, 900, 2500, F_WRITE},
    {"DELETE", "/api/v1/employees/%i", 8, 50, 0.5, 204, 0, 0, F_ID},
    {"GET", "/api/v1/employees/%i/attendances?month=%M", 300, 80, 0.8, 200,
     3000, 12000, F_ID},
    {"GET", "/api/v1/departments", 200, 15, 0.5, 200, 2000, 4000, F_CACHE},
    {"GET", "/api/v1/departments/%d/members%?page=%p", 120, 40, 0.7, 200, 1500,
     20000, F_ID},
    {"GET", "/api/v1/payroll/runs", 100, 150, 0.7, 200, 2000, 9000, F_PAYROLL},
    {"GET", "/api/v1/payroll/runs/%r", 120, 200, 0.8, 200, 1500, 5000,
     F_PAYROLL | F_ID},
    {"POST", "/api/v1/payroll/runs", 6, 800, 0.9, 201, 300, 900,
     F_PAYROLL | F_WRITE},
    {"GET", "/api/v1/payroll/runs/%r/payslips?page=%p", 80, 350, 0.9, 200,
     20000, 90000, F_PAYROLL | F_ID},
    {"GET", "/api/v1/payslips/%u/pdf", 60, 600, 0.7, 200, 40000, 180000,
     F_PAYROLL | F_ID},
    {"POST", "/attendance/check_in", 500, 35, 0.6, 201, 150, 400,
     F_WRITE | F_CHECKIN},
    {"POST", "/attendance/check_out", 420, 35, 0.6, 201, 150, 400, F_WRITE},
    {"GET", "/attendance", 250, 120, 0.6, 200, 15000, 40000, F_PAGE},
    {"GET", "/attendance/history?from=%D&to=%D", 80, 180, 0.8, 200, 20000,
     80000, F_PAGE},
    {"POST", "/api/v1/leave_requests", 30, 90, 0.6, 201, 300, 800, F_WRITE},
    {"GET", "/api/v1/leave_requests?status=pending", 100, 50, 0.6, 200, 100,
     6000, F_CACHE},
    {"PATCH", "/api/v1/leave_requests/%n/approve", 30, 70, 0.6, 200, 300, 800,
     F_WRITE | F_ID},
    {"GET", "/users/sign_in", 100, 30, 0.5, 200, 5000, 6000, F_PAGE | F_BOT},
    {"POST", "/users/sign_in", 80, 180, 0.4, 302, 90, 120,
     F_PAGE | F_WRITE | F_LOGIN},
    {"DELETE", "/users/sign_out", 40, 15, 0.5, 302, 90, 110, F_PAGE},
    {"GET", "/", 100, 5, 0.5, 302, 100, 120, F_PAGE | F_BOT},
    {"GET", "/home", 10, 4, 0.5, 301, 162, 162, F_PAGE | F_BOT},
    {"GET", "/dashboard", 200, 250, 0.7, 200, 30000, 60000, F_PAGE},
    {"GET", "/reports/monthly?year=2024&month=%m", 30, 800, 0.8, 200, 50000,
     200000, F_PAGE},
    {"GET", "/reports/export.csv?from=%D&to=%D", 10, 700, 1.0, 200, 100000,
     2000000, F_PAGE},
    {"POST", "/api/v1/uploads", 20, 400, 0.8, 201, 300, 700, F_WRITE},
    {"GET", "/assets/application-%h.js", 400, 2, 1.5, 200, 280000, 320000,
     F_ASSET},
    {"GET", "/assets/application-%h.css", 400, 1, 1.2, 200, 60000, 70000,
     F_ASSET},
    {"GET", "/assets/vendor-%h.js", 150, 3, 1.5, 200, 500000, 520000, F_ASSET},
    {"GET", "/assets/logo-%h.svg", 200, 1, 0.8, 200, 3000, 3100, F_ASSET},
    {"GET", "/favicon.ico", 100, 1, 0.8, 200, 15086, 15086, F_ASSET | F_BOT},
    {"GET", "/robots.txt", 10, 1, 0.5, 200, 99, 99, F_ASSET | F_BOT},
    {"GET", "/up", 300, 3, 0.4, 200, 73, 73, F_PROBE},
    {"GET", "/wp-login.php", 8, 1, 0.5, 404, 153, 153, F_SCAN},
    {"GET", "/.env", 8, 1, 0.5, 404, 153, 153, F_SCAN},
};

#define NROUTES   (sizeof routes / sizeof routes[0])
#define PICK_SIZE 8192

static const char *const browser_ua[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 "
    "Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 "
    "Firefox/123.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.80",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
};

static const char *const app_ua[] = {
    "KintaiApp/4.12.0 (iPhone; iOS 17.3.1; Scale/3.00)",
    "KintaiApp/4.12.0 (iPhone; iOS 17.3.1; Scale/3.00)",
    "KintaiApp/4.11.2 (iPhone; iOS 16.7.5; Scale/2.00)",
    "KintaiApp/4.12.0 (Android 14; Pixel 7)",
    "KintaiApp/4.12.0 (Android 13; SO-51C)",
    "okhttp/4.12.0",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
};

static const char *const bot_ua[] = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
};

static const char *const scan_ua[] = {
    "Mozilla/5.0 zgrab/0.x",
    "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
    "-",
    "curl/7.88.1",
};

static const char *const probe_ua[] = {"kube-probe/1.28",
                                       "ELB-HealthChecker/2.0"};

static const char *const referers[] = {
    "https://hr.example.com/dashboard",  "https://hr.example.com/dashboard",
    "https://hr.example.com/attendance", "https://hr.example.com/employees",
    "https://hr.example.com/payroll",    "https://hr.example.com/users/sign_in",
    "https://hr.example.com/",           "https://www.google.com/",
};

static const char *const search_terms[] = {
    "tanaka",
    "suzuki",
    "sato",
    "takahashi",
    "watanabe",
    "ito",
    "yamamoto",
    "nakamura",
    "kobayashi",
    "kato",
    "%E7%94%B0%E4%B8%AD", /* tanaka in kanji */
    "%E4%BD%90%E8%97%A4", /* sato in kanji */
};

/*
 * Relative traffic per local hour (an office-hours HR app) and the three
 * events, as [start, end) seconds after local midnight.
 */
static const double hourly_rate[24] = {
    0.15, 0.10, 0.10, 0.08, 0.08, 0.12, 0.30, 0.80, 2.20, 2.00, 1.50, 1.40,
    1.00, 1.40, 1.40, 1.30, 1.30, 1.80, 1.90, 1.00, 0.60, 0.45, 0.30, 0.20,
};

#define RUSH_START    (8 * 3600 + 30 * 60)
#define RUSH_END      (9 * 3600 + 30 * 60)
#define PAYROLL_START (2 * 3600)
#define PAYROLL_END   (2 * 3600 + 30 * 60)
#define DEPLOY_START  (13 * 3600 + 40 * 60)
#define DEPLOY_END    (13 * 3600 + 44 * 60)

struct client {
	char ip[40];
	uint8_t ua;
};

static struct client browsers[NCLIENTS], apps[NCLIENTS], scanners[NSCANNERS];
static char asset_hex[NROUTES][2][33];
static uint64_t run_uuid[NRUNS][2];
static uint8_t route_pick[PICK_SIZE];
static int checkin_route;

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"};

/* Current timestamp state, refreshed when the second changes. */
static char ts[27];
static char iso[20];      /* "2024-03-11T08:00:00" for the Rails mode */
static char rails_at[26]; /* "2024-03-11 08:00:00 +0900" */
static int64_t ts_sec = -1;
static int rails_mode; /* -f rails: a Rails request log instead */
static int cur_year;
static unsigned cur_mon;

static void make_ip(char *ip)
{
	static const unsigned first[] = {1,   27,  36,  49,  58,  60,  61,
	                                 106, 110, 111, 114, 118, 119, 121,
	                                 122, 124, 126, 133, 153, 160, 175,
	                                 180, 183, 202, 210, 219, 220, 221};

	if (below(100) < 8) {
		/* IPv6 from a Japanese ISP-ish /16; groups never 0 */
		char *p = put_str(ip, "240b:");

		for (int i = 0; i < 7; i++) {
			uint64_t g = between(1, 0xffff);
			int digits = g > 0xfff  ? 4
			             : g > 0xff ? 3
			             : g > 0xf  ? 2
			                        : 1;

			p = put_hex(p, g, digits);
			if (i < 6) {
				*p++ = ':';
			}
		}
		*p = '\0';
		return;
	}
	char *p = put_u64(ip, first[below(sizeof first / sizeof first[0])]);
	*p++ = '.';
	p = put_u64(p, below(256));
	*p++ = '.';
	p = put_u64(p, below(256));
	*p++ = '.';
	p = put_u64(p, between(1, 254));
	*p = '\0';
}

static void setup(void)
{
	unsigned total = 0;

	for (size_t i = 0; i < NCLIENTS; i++) {
		make_ip(browsers[i].ip);
		browsers[i].ua =
		    (uint8_t)below(sizeof browser_ua / sizeof browser_ua[0]);
		make_ip(apps[i].ip);
		apps[i].ua = (uint8_t)skewed(sizeof app_ua / sizeof app_ua[0]);
	}
	for (size_t i = 0; i < NSCANNERS; i++) {
		make_ip(scanners[i].ip);
		scanners[i].ua =
		    (uint8_t)below(sizeof scan_ua / sizeof scan_ua[0]);
	}
	for (size_t i = 0; i < NROUTES; i++) {
		for (int k = 0; k < 2; k++) {
			put_hex(asset_hex[i][k], rnd(), 16);
			put_hex(asset_hex[i][k] + 16, rnd(), 16);
			asset_hex[i][k][32] = '\0';
		}
		total += routes[i].weight;
		if (routes[i].flags & F_CHECKIN) {
			checkin_route = (int)i;
		}
	}
	for (size_t i = 0; i < NRUNS; i++) {
		run_uuid[i][0] = rnd();
		run_uuid[i][1] = rnd();
	}
	/* weighted route choice as a lookup table */
	size_t pos = 0;
	unsigned acc = 0;

	for (size_t i = 0; i < NROUTES; i++) {
		acc += routes[i].weight;
		size_t end = (size_t)((uint64_t)acc * PICK_SIZE / total);

		while (pos < end) {
			route_pick[pos++] = (uint8_t)i;
		}
	}
}

static void update_ts(int64_t sec, const char *zone)
{
	int64_t days = sec >= 0 ? sec / 86400 : (sec - 86399) / 86400;
	unsigned s = (unsigned)(sec - days * 86400);
	unsigned d, m;
	int y;
	char *p = ts;

	civil_from_days(days, &y, &m, &d);
	cur_year = y;
	cur_mon = m;
	p = put_2d(p, d);
	*p++ = '/';
	p = put_str(p, month_abbr[m - 1]);
	*p++ = '/';
	p = put_u64(p, (uint64_t)y);
	*p++ = ':';
	p = put_2d(p, s / 3600);
	*p++ = ':';
	p = put_2d(p, s / 60 % 60);
	*p++ = ':';
	p = put_2d(p, s % 60);
	*p++ = ' ';
	memcpy(p, zone, 5);
	ts[26] = '\0';
	ts_sec = sec;

	p = put_u64(iso, (uint64_t)y);
	*p++ = '-';
	p = put_2d(p, m);
	*p++ = '-';
	p = put_2d(p, d);
	*p++ = 'T';
	p = put_2d(p, s / 3600);
	*p++ = ':';
	p = put_2d(p, s / 60 % 60);
	*p++ = ':';
	p = put_2d(p, s % 60);
	*p = '\0';
	memcpy(rails_at, iso, 19);
	rails_at[10] = ' ';
	rails_at[19] = ' ';
	memcpy(rails_at + 20, zone, 5);
	rails_at[25] = '\0';
}

/* -t: paths under /t/<tenant>/ for this many tenants (0: none), so the
 * log has NROUTES times as many route shapes, for rules with hundreds of
 * SLIs (-R) that all see traffic. */
static unsigned tenants;

static char *put_path(char *p, size_t ri, int after_deploy)
{
	if (tenants) {
		p = put_str(p, "/t/");
		p = put_u64(p, below(tenants));
	}
	for (const char *t = routes[ri].tmpl; *t != '\0'; t++) {
		if (*t != '%') {
			*p++ = *t;
			continue;
		}
		switch (*++t) {
		case 'i':
			p = put_u64(p, 1 + skewed(4000));
			break;
		case 'd':
			p = put_u64(p, 1 + below(60));
			break;
		case 'n':
			p = put_u64(p, 100000 + below(900000));
			break;
		case 'p':
			p = put_u64(p, 1 + skewed(20));
			break;
		case 'u': {
			/* two statements: argument order is unspecified */
			uint64_t hi = rnd();

			p = put_uuid(p, hi, rnd());
			break;
		}
		case 'r': {
			const uint64_t *u = run_uuid[skewed(NRUNS)];

			p = put_uuid(p, u[0], u[1]);
			break;
		}
		case 'h':
			p = put_str(p, asset_hex[ri][after_deploy]);
			break;
		case 'D':
			p = put_u64(p, (uint64_t)cur_year);
			*p++ = '-';
			p = put_2d(p, cur_mon);
			*p++ = '-';
			p = put_2d(p, 1 + below(28));
			break;
		case 'M':
			p = put_u64(p, (uint64_t)cur_year);
			*p++ = '-';
			p = put_2d(p, cur_mon);
			break;
		case 'm':
			p = put_u64(p, cur_mon);
			break;
		case 'q':
			p = put_str(
			    p, search_terms[below(sizeof search_terms /
			                          sizeof search_terms[0])]);
			break;
		case '?':
			if (rnd() & 1) {
				return p;
			}
			*p++ = '?';
			break;
		default: /* unknown placeholder: a bug in the table */
			abort();
		}
	}
	return p;
}

/* Status of a request that reached Rails; probabilities per request. */
static unsigned app_status(const struct route *rt, int payroll, int deploy)
{
	const unsigned f = rt->flags;
	const struct {
		unsigned code;
		double p;
	} tab[] = {
	    {304, (f & F_CACHE) ? 0.04 : 0},
	    {401, 0.004},
	    {403, 0.001},
	    {404, (f & F_ID) ? 0.006 : 0.0008},
	    {422, (f & F_LOGIN)   ? 0.12
	          : (f & F_WRITE) ? 0.02
	                          : 0},
	    {400, (f & F_WRITE) ? 0.003 : 0.0003},
	    {429, 0.0008},
	    {499, 0.0005 + 0.003 * rt->median_ms / 800.0},
	    {500, 0.0006 + (payroll ? 0.01 : 0)},
	    {502, 0.0002 + (deploy ? 0.05 : 0)},
	    {503, 0.0001 + (deploy ? 0.01 : 0)},
	    {504, 0.0001 + (payroll ? 0.03 : 0)},
	};
	double r = unit();

	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (r < tab[i].p) {
			return tab[i].code;
		}
		r -= tab[i].p;
	}
	return rt->ok;
}

/* Lognormal latency in ms with a rare Pareto tail, capped below 60 s. */
static uint64_t draw_ms(const struct route *rt, double load)
{
	double ms = rt->median_ms * exp(rt->sigma * normal()) * load;

	if (unit() < 0.002) {
		ms *= pow(1.0 - unit(), -1.0 / 1.2);
	}
	if (ms > 59990.0) {
		ms = 59990.0 - 500.0 * unit();
	}
	return (uint64_t)(ms + 0.5);
}

enum { UP_NONE, UP_ONE, UP_TWO };

/*
 * The Rails mode: the same requests as the application saw them (nginx's
 * own 4xx and static files are not there), as a Rails 7.0 production log
 * with the Logger prefix and a request-id tag, four puma workers, and
 * every request's Completed line held back until after the next request
 * has started, so requests interleave as they do in real multi-process
 * logs. Controller#action is derived from the route.
 */
static char action_of[NROUTES][96];
static char held[1024]; /* the previous request's Completed line */
static size_t heldn;

static void derive_actions(void)
{
	for (size_t ri = 0; ri < NROUTES; ri++) {
		const char *t = routes[ri].tmpl, *m = routes[ri].method;
		char *p = action_of[ri];
		int has_id =
		    strchr(t, '%') != NULL && (routes[ri].flags & F_ID);
		int up = 1;
		/* /api/v1/employees/%i/profile -> Api::V1::EmployeesController
		 */
		const char *last = t;
		for (const char *q = t + 1; *q && *q != '?' && *q != '%'; q++)
			if (*q == '/' && q[1] != '%')
				last = q;
		for (const char *q = t + 1; q < last; q++) {
			if (*q == '/') {
				p = put_str(p, "::");
				up = 1;
			} else {
				*p++ = up && *q >= 'a' && *q <= 'z'
				           ? (char)(*q - 32)
				           : *q;
				up = 0;
			}
		}
		if (last != t)
			p = put_str(p, "::");
		up = 1;
		for (const char *q = last + 1;
		     *q && *q != '/' && *q != '?' && *q != '%' && *q != '.';
		     q++) {
			if (*q == '_' || *q == '-') {
				up = 1;
				continue;
			}
			*p++ =
			    up && *q >= 'a' && *q <= 'z' ? (char)(*q - 32) : *q;
			up = 0;
		}
		p = put_str(p, "Controller#");
		p = put_str(p, strcmp(m, "POST") == 0     ? "create"
		               : strcmp(m, "DELETE") == 0 ? "destroy"
		               : *m == 'P'                ? "update"
		               : has_id                   ? "show"
		                                          : "index");
		*p = '\0';
	}
}

static char *put_prefix(char *p, char lvl, unsigned pid, uint64_t usec,
                        const char *uuid)
{
	*p++ = lvl;
	p = put_str(p, ", [");
	p = put_str(p, iso);
	*p++ = '.';
	for (uint64_t d = 100000; d; d /= 10)
		*p++ = (char)('0' + usec / d % 10);
	p = put_str(p, " #");
	p = put_u64(p, pid);
	p = put_str(p, lvl == 'D' ? "] DEBUG -- : [" : "]  INFO -- : [");
	p = put_str(p, uuid);
	return put_str(p, "] ");
}

static const char *reason(unsigned status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 304:
		return "Not Modified";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 422:
		return "Unprocessable Content";
	case 500:
		return "Internal Server Error";
	default:
		return ""; /* Rack has no phrase: "Completed 499  in" */
	}
}

static char *emit_rails(char *p, size_t ri, const char *ip, unsigned status,
                        uint64_t ms, int after_deploy)
{
	const struct route *rt = &routes[ri];
	char uuid[37];
	unsigned pid = 2401 + below(4);
	uint64_t us = below(1000000);

	put_uuid(uuid, rnd(), rnd());
	uuid[36] = '\0';
	p = put_prefix(p, 'I', pid, us, uuid);
	p = put_str(p, "Started ");
	p = put_str(p, rt->method);
	p = put_str(p, " \"");
	p = put_path(p, ri, after_deploy);
	p = put_str(p, "\" for ");
	p = put_str(p, ip);
	p = put_str(p, " at ");
	p = put_str(p, rails_at);
	*p++ = '\n';
	p = put_prefix(p, 'I', pid, us, uuid);
	p = put_str(p, "Processing by ");
	p = put_str(p, action_of[ri]);
	p = put_str(p, strncmp(rt->tmpl, "/api/", 5) == 0 ? " as JSON\n"
	                                                  : " as HTML\n");
	p = put_prefix(p, 'D', pid, us, uuid);
	p = put_str(p, "  Employee Load (0.4ms)  SELECT \"employees\".* FROM "
	               "\"employees\" WHERE \"employees\".\"id\" = $1 LIMIT $2"
	               "  [[\"id\", 42], [\"LIMIT\", 1]]\n");
	/* the previous request completes now */
	memcpy(p, held, heldn);
	p += heldn;
	char *c = held;
	c = put_prefix(c, 'I', pid, us, uuid);
	c = put_str(c, "Completed ");
	c = put_u64(c, status);
	*c++ = ' ';
	c = put_str(c, reason(status));
	c = put_str(c, " in ");
	c = put_u64(c, ms);
	c = put_str(c, "ms (Views: ");
	c = put_u64(c, ms / 3);
	c = put_str(c, ".0ms | ActiveRecord: ");
	c = put_u64(c, ms / 5);
	c = put_str(c, ".4ms | Allocations: ");
	c = put_u64(c, 1000 + below(50000));
	c = put_str(c, ")\n");
	heldn = (size_t)(c - held);
	return p;
}

static char *emit_line(char *p, double tod)
{
	char *line = p;
	const struct client *cl;
	const char *ua, *ref = "-", *proto = "HTTP/1.1", *user = "-";
	size_t ri;
	unsigned status;
	uint64_t ms, up0 = 0, up1 = 0, bytes;
	int up = UP_ONE;
	int in_rush = tod >= RUSH_START && tod < RUSH_END;
	int in_payroll = tod >= PAYROLL_START && tod < PAYROLL_END;
	int in_deploy = tod >= DEPLOY_START && tod < DEPLOY_END;
	int after_deploy = tod >= (DEPLOY_START + DEPLOY_END) / 2;

	/* TLS handshakes on the plain port and empty connections */
	if (below(10000) == 0) {
		if (rails_mode)
			return line; /* nginx answered them itself */
		cl = &scanners[below(NSCANNERS)];
		p = put_str(p, cl->ip);
		p = put_str(p, " - - [");
		p = put_str(p, ts);
		if (rnd() & 1) {
			p = put_str(p, "] \"\\x16\\x03\\x01\\x02\\x00\\x01\\x00"
			               "\\x01\\xFC\\x03\\x03\" 400 157 \"-\" "
			               "\"-\" 0.");
			p = put_u64(p, 100 + below(900));
			return put_str(p, " -\n");
		}
		return put_str(p, "] \"-\" 400 0 \"-\" \"-\" 0.000 -\n");
	}

	if (in_rush && below(100) < 20) {
		ri = (size_t)checkin_route;
	} else {
		ri = route_pick[below(PICK_SIZE)];
	}
	const struct route *rt = &routes[ri];
	const unsigned f = rt->flags;

	/* who is asking */
	if (f & F_PROBE) {
		static char probe_ip[16] = "10.0.1.";
		char *q = put_u64(probe_ip + 7, 10 + below(4));

		*q = '\0';
		p = put_str(p, probe_ip);
		ua = probe_ua[below(2)];
	} else if (f & F_SCAN) {
		cl = &scanners[below(NSCANNERS)];
		p = put_str(p, cl->ip);
		ua = scan_ua[cl->ua];
		if (below(3) == 0) {
			user = "admin";
		}
	} else if ((f & F_BOT) && below(4) == 0) {
		cl = &scanners[below(8)];
		p = put_str(p, cl->ip);
		ua = bot_ua[below(2)];
	} else if ((f & (F_PAGE | F_ASSET)) || below(100) < 35) {
		cl = &browsers[skewed(NCLIENTS)];
		p = put_str(p, cl->ip);
		ua = browser_ua[cl->ua];
		proto = "HTTP/2.0";
		ref = referers[below(sizeof referers / sizeof referers[0])];
	} else {
		cl = &apps[skewed(NCLIENTS)];
		p = put_str(p, cl->ip);
		ua = app_ua[cl->ua];
	}

	/* what happened */
	if (f & F_ASSET) {
		unsigned r = below(1000);

		up = UP_NONE;
		status = r < 4 ? 404 : r < 250 ? 304 : 200;
		ms = status == 200 ? draw_ms(rt, 1.0) : below(2);
		bytes = status == 200   ? between(rt->bytes_lo, rt->bytes_hi)
		        : status == 404 ? 153
		                        : 0;
	} else if (f & (F_PROBE | F_SCAN)) {
		status = rt->ok;
		ms = draw_ms(rt, 1.0);
		bytes = rt->bytes_lo;
		if (f & F_SCAN) {
			up = UP_NONE;
		} else if (in_deploy && below(10) == 0) {
			status = 502;
			bytes = 157;
			ms = below(3);
			up = UP_TWO;
		}
	} else {
		double load = in_rush ? 1.3 : in_deploy ? 1.4 : 1.0;

		if (in_payroll && (f & F_PAYROLL)) {
			load *= 6.0;
		}
		status =
		    app_status(rt, in_payroll && (f & F_PAYROLL), in_deploy);
		ms = draw_ms(rt, load);
		switch (status) {
		case 304:
		case 204:
			bytes = 0;
			break;
		case 401:
		case 403:
		case 404:
		case 422:
		case 400:
			ms = ms * 6 / 10;
			bytes = between(30, 300);
			if (status == 400 && below(2) == 0) {
				up = UP_NONE; /* rejected by nginx itself */
				ms = 0;
				bytes = 157;
			}
			break;
		case 429:
			up = UP_NONE; /* limit_req */
			ms = 0;
			bytes = 169;
			break;
		case 499:
			up = below(4) == 0 ? UP_ONE : UP_NONE;
			ms = ms * (10 + below(30)) / 10;
			bytes = 0;
			break;
		case 500:
			ms = ms * 3 / 2;
			bytes = between(1200, 1800);
			break;
		case 502:
			up = below(10) < 6 ? UP_TWO : UP_ONE;
			ms = below(4);
			bytes = 157;
			break;
		case 503:
			ms = between(1, 8);
			bytes = between(1100, 1300);
			break;
		case 504:
			ms = 60000 + below(8);
			bytes = 167;
			break;
		default:
			bytes = rt->bytes_hi > rt->bytes_lo
			            ? between(rt->bytes_lo, rt->bytes_hi)
			            : rt->bytes_lo;
			/* rare retry on a second upstream after a failure */
			if (below(1000) == 0) {
				up = UP_TWO;
			}
			break;
		}
	}
	if (up != UP_NONE) {
		uint64_t d = below(4) < 3 ? below(2) : below(4);

		up0 = ms > d ? ms - d : 0;
		if (status == 504) {
			up0 = 60000 + (ms > 60002 ? 2 : 0);
		}
		if (up == UP_TWO) {
			up1 = up0;
			up0 = up0 < 3 ? 0 : between(1, up0 < 40 ? 2 : 30);
			up1 -= up0;
		}
	}

	if (rails_mode) {
		char ip[48];
		size_t n = (size_t)(p - line);
		if (up == UP_NONE || status == 502 || status == 504 ||
		    n >= sizeof(ip))
			return line; /* the app never saw it */
		memcpy(ip, line, n);
		ip[n] = '\0';
		return emit_rails(line, ri, ip, status, ms, after_deploy);
	}

	/* the line */
	p = put_str(p, " - ");
	p = put_str(p, user);
	*p++ = ' ';
	*p++ = '[';
	memcpy(p, ts, 26);
	p += 26;
	p = put_str(p, "] \"");
	p = put_str(p, rt->method);
	*p++ = ' ';
	p = put_path(p, ri, after_deploy);
	*p++ = ' ';
	p = put_str(p, proto);
	*p++ = '"';
	*p++ = ' ';
	p = put_u64(p, status);
	*p++ = ' ';
	p = put_u64(p, bytes);
	*p++ = ' ';
	*p++ = '"';
	p = put_str(p, ref);
	p = put_str(p, "\" \"");
	p = put_str(p, ua);
	*p++ = '"';
	*p++ = ' ';
	p = put_ms(p, ms);
	*p++ = ' ';
	if (up == UP_NONE) {
		*p++ = '-';
	} else {
		p = put_ms(p, up0);
		if (up == UP_TWO) {
			*p++ = ',';
			*p++ = ' ';
			p = put_ms(p, up1);
		}
	}
	*p++ = '\n';
	return p;
}

static void usage(FILE *fp)
{
	fputs(
	    "usage: gen [-n LINES] [-s SEED] [-z +HHMM] [-f nginx|rails] "
	    "[-t TENANTS]\n"
	    "       gen -R SLIS [-t TENANTS]\n"
	    "Write a deterministic synthetic nginx access log to stdout.\n"
	    "  -n LINES  number of nginx lines (default 1000000); with -f\n"
	    "            rails, the requests behind that many nginx lines\n"
	    "  -f rails  the application's Rails 7 log of those requests\n"
	    "  -s SEED   PRNG seed, decimal or 0x hex (default 1)\n"
	    "  -z ZONE   $time_local zone, e.g. +0000 (default +0900)\n"
	    "  -t N      paths under /t/0/ ... /t/N-1/ (N tenants)\n"
	    "  -R SLIS   instead of a log, slicalc rules with SLIS SLIs, one\n"
	    "            per route shape (method and path regex) of the log\n"
	    "            -t makes, tenant by tenant\n",
	    fp);
}

/* The path of route ri as a regex: its literal text escaped, each
 * placeholder as what it writes, up to the query (the path ends there). */
static void route_regex(size_t ri, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *t = routes[ri].tmpl; *t && *t != '?'; t++) {
		const char *w = NULL;
		char lit[3] = {0};
		if (*t == '%') {
			switch (*++t) {
			case 'u':
			case 'r':
				w = "[0-9a-f-]{36}";
				break;
			case 'h':
				w = "[0-9a-f]{32}";
				break;
			case '?':
				t = "?"; /* an optional query: the path ends */
				w = "";
				break;
			default: /* ids, pages, numbers */
				w = "[0-9]+";
				break;
			}
		} else {
			lit[0] = *t;
			if (strchr(".+*()[]{}|^$\\", *t)) {
				lit[0] = '\\';
				lit[1] = *t;
			}
			w = lit;
		}
		n += (size_t)snprintf(out + n, cap - n, "%s", w);
		if (*t == '?')
			break;
	}
}

/* -R: rules with nsli SLIs, one per distinct (method, path regex) of
 * each tenant in turn; 1 if there are not that many. */
static int write_rules(unsigned nsli)
{
	char rx[NROUTES][160];
	size_t uniq[NROUTES], nu = 0;
	for (size_t ri = 0; ri < NROUTES; ri++) {
		route_regex(ri, rx[ri], sizeof(rx[ri]));
		size_t j = 0;
		while (j < nu &&
		       (strcmp(rx[uniq[j]], rx[ri]) ||
		        strcmp(routes[uniq[j]].method, routes[ri].method)))
			j++;
		if (j == nu)
			uniq[nu++] = ri;
	}
	unsigned nt = tenants ? tenants : 1;
	if (nsli > nu * nt) {
		fprintf(stderr,
		        "gen: %zu route shapes x %u tenants < %u SLIs\n", nu,
		        nt, nsli);
		return 1;
	}
	printf("# gen -R %u -t %u: an SLI per route shape\nslis:\n", nsli,
	       tenants);
	for (unsigned k = 0; k < nsli; k++) {
		size_t ri = uniq[k % nu];
		char pre[32] = "";
		if (tenants)
			snprintf(pre, sizeof(pre), "/t/%u", k / (unsigned)nu);
		printf("  - name: r%u\n    match: {method: '^%s$', path: "
		       "'^%s%s$'}\n",
		       k, routes[ri].method, pre, rx[ri]);
	}
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+') {
		return -1;
	}
	unsigned long long v = strtoull(s, &end, 0);

	if (*end != '\0') {
		return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

static int valid_zone(const char *z)
{
	if (strlen(z) != 5 || (z[0] != '+' && z[0] != '-')) {
		return 0;
	}
	for (int i = 1; i < 5; i++) {
		if (z[i] < '0' || z[i] > '9') {
			return 0;
		}
	}
	return (z[1] - '0') * 10 + (z[2] - '0') <= 14 && z[3] <= '5';
}

int main(int argc, char **argv)
{
	uint64_t nlines = 1000000, seed = 1, nt = 0, nrules = 0;
	const char *zone = "+0900";

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "-n") == 0 && parse_u64(v, &nlines) == 0) {
			i++;
		} else if (strcmp(a, "-s") == 0 && parse_u64(v, &seed) == 0) {
			i++;
		} else if (strcmp(a, "-f") == 0 && v != NULL &&
		           (strcmp(v, "nginx") == 0 ||
		            strcmp(v, "rails") == 0)) {
			rails_mode = strcmp(v, "rails") == 0;
			i++;
		} else if (strcmp(a, "-z") == 0 && v != NULL && valid_zone(v)) {
			zone = v;
			i++;
		} else if (strcmp(a, "-t") == 0 && parse_u64(v, &nt) == 0 &&
		           nt <= 1000) {
			tenants = (unsigned)nt;
			i++;
		} else if (strcmp(a, "-R") == 0 && parse_u64(v, &nrules) == 0 &&
		           nrules >= 1 && nrules <= 100000) {
			i++;
		} else {
			fprintf(stderr, "gen: bad argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (nrules)
		return write_rules((unsigned)nrules);
	rng_seed(seed);
	setup();
	derive_actions();

	/*
	 * Line n gets the time of day at which a fraction (n + u) / LINES of
	 * the day's traffic has arrived, u uniform in [0, 1): the inverse of
	 * the piecewise-linear cumulative hourly curve.  Timestamps thus never
	 * decrease, follow the diurnal curve and span 2024-03-11 00:00:00 to
	 * 23:59:59 local time for any LINES.
	 */
	double cum[25] = {0};

	for (int h = 0; h < 24; h++) {
		cum[h + 1] = cum[h] + hourly_rate[h];
	}
	const int64_t start = util_days_from_civil(2024, 3, 11) * 86400;
	int hour = 0;

	for (uint64_t n = 0; n < nlines; n++) {
		double x = ((double)n + unit()) / (double)nlines * cum[24];

		while (hour < 23 && cum[hour + 1] <= x) {
			hour++;
		}
		double tod = floor(
		    3600.0 * (hour + (x - cum[hour]) / hourly_rate[hour]));

		if (tod > 86399.0) {
			tod = 86399.0;
		}
		if (start + (int64_t)tod != ts_sec) {
			update_ts(start + (int64_t)tod, zone);
		}
		if (outpos > OUTBUF_SIZE - LINE_MAX_LEN && flush_out() != 0) {
			break;
		}
		char *begin = outbuf + outpos;
		char *end = emit_line(begin, tod);

		if (end - begin >= LINE_MAX_LEN) {
			abort(); /* the tables above produced an absurd line */
		}
		outpos += (size_t)(end - begin);
	}
	if (rails_mode && heldn) { /* the last request completes */
		memcpy(outbuf + outpos, held, heldn);
		outpos += heldn;
	}
	if (flush_out() != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: write");
		return 1;
	}
	return 0;
}
