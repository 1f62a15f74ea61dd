// A webhook relay for statusgen as a Cloudflare Worker: the same logic as relay.py.
//
// POST /<source> (alertmanager, grafana, pagerduty, opsgenie, datadog, generic) with
// `Authorization: Bearer <RELAY_SECRET>` is forwarded to GitHub, as the JSON it parses to
// (re-serialised, written as relay.py writes it), as
//   {"event_type": "incident",
//    "client_payload": {"action": "ingest", "source": "<source>", "payload": <body>}}
// which the Incident workflow hands to `statusgen ingest`. GitHub refuses a dispatch of
// 64 KB or more; a larger Alertmanager or Grafana group is sent with the values that repeat
// among alerts of the same status and severity left out (ingest reads each field's distinct
// values per status and severity, so it reads the same alert), and one that still does not
// fit is refused with 413.
//
// Settings (wrangler secrets / variables):
//   RELAY_SECRET       the shared secret the alerting tools send
//   GITHUB_TOKEN       fine-grained token, "Contents: read and write" on the repository
//   GITHUB_REPOSITORY  owner/name of the status site's repository
//   GITHUB_API_URL     optional, default https://api.github.com

const SOURCES = ["alertmanager", "grafana", "pagerduty", "opsgenie", "datadog", "generic"];
const MAX_BODY = 1000000; // bytes; statusgen ingest reads no more either
// GitHub refuses a repository_dispatch whose JSON is 64 KB or more, on every retry.
const MAX_DISPATCH = 64000;
// The sources whose body is a group of alerts: ingest reads each field as the set of its
// values across the alerts of one status and severity, and besides the group's earliest
// start among its firing alerts, its latest end, and the latest start (or end) of the
// alerts of each status and severity (see `compact`).
const GROUPS = ["alertmanager", "grafana"];
// Arrays and objects in one another, at most: statusgen ingest refuses deeper payloads, and
// JSON.stringify runs out of stack long before the body's size limit.
const MAX_NESTING = 100;
// owner/name; a part made of dots only (`../..`) is a path, no name GitHub gives, and a
// name ending in .git is a clone address's (GitHub gives none that ends so).
const REPOSITORY = /^(?!\.+\/)[\w.-]+\/(?!\.+$)(?![\w.-]*\.git$)[\w.-]+$/i;
// Why a number cannot be forwarded: JSON.parse reads `1e400` as Infinity, which
// JSON.stringify writes as null, another value; relay.py refuses it in the same words.
const TOO_LARGE =
  "the body holds a number too large for a double (beyond about 1.8e308), which cannot " +
  "be forwarded as written: send it as text";
// A JSON string (skipped whole: digits in it are text) or a number.
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
// What GitHub's refusal most likely means, logged for whoever runs the relay.
const GITHUB_HINTS = {
  401: () => "GITHUB_TOKEN is wrong or expired: create a new fine-grained token",
  403: (repository) =>
    `GITHUB_TOKEN lacks "Contents: read and write" on ${repository}: edit the token`,
  404: (repository) =>
    `no repository ${repository} that GITHUB_TOKEN can see: set GITHUB_REPOSITORY to the ` +
    "status site's owner/name, and give the token access to that repository",
};

// Equal strings, compared in constant time: both sides are hashed first, so neither
// the length nor the first differing character shows in the time taken.
async function sameSecret(given, secret) {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all(
    [given, secret].map((text) => crypto.subtle.digest("SHA-256", encoder.encode(text))),
  );
  const left = new Uint8Array(a);
  const right = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < left.length; i++) {
    difference |= left[i] ^ right[i];
  }
  return difference === 0;
}

async function authorized(header, secret) {
  if (!secret || !header) {
    return false;
  }
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space).toLowerCase() !== "bearer") {
    return false;
  }
  return sameSecret(header.slice(space + 1).trim(), secret);
}

function answer(status, message, allow = "") {
  const headers = { "Content-Type": "text/plain; charset=utf-8" };
  if (allow) {
    headers.Allow = allow;
  }
  return new Response(message + "\n", { status, headers });
}

// Whether `text` nests arrays and objects more than MAX_NESTING deep (outside strings): one
// pass, before the parser recurses into them.
function tooDeep(text) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const mark = text[i];
    if (inString) {
      if (mark === "\\") {
        i++; // the escaped character, whatever it is
      } else if (mark === '"') {
        inString = false;
      }
    } else if (mark === '"') {
      inString = true;
    } else if (mark === "[" || mark === "{") {
      depth++;
      if (depth > MAX_NESTING) {
        return true;
      }
    } else if (mark === "]" || mark === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
  return false;
}

class Refused extends Error {}

// The values of the integers `text` writes without a fraction or an exponent beyond 2^53,
// as JSON.parse reads them: a float written `1.5e20` is none, and forwarded as it is.
function largeIntegers(text) {
  const found = new Set();
  for (const [written] of text.matchAll(STRING_OR_NUMBER)) {
    if (/^-?\d+$/.test(written) && !Number.isSafeInteger(Number(written))) {
      found.add(Number(written));
    }
  }
  return found;
}

// The alert in `text`; throws Refused with the reason it cannot be forwarded.
function parse(text) {
  if (tooDeep(text)) {
    throw new Refused(
      `the body is nested too deeply (at most ${MAX_NESTING} levels of arrays and objects); ` +
        "statusgen ingest reads no deeper",
    );
  }
  let large = null; // largeIntegers(text), read once a number may be one
  try {
    return JSON.parse(text, (key, value) => {
      // An escaped half of a surrogate pair ("\ud800") with no other half is no text:
      // refused as relay.py refuses it.
      if (/\p{Cs}/u.test(key) || (typeof value === "string" && /\p{Cs}/u.test(value))) {
        throw new Refused(
          "the body holds a lone surrogate escape (\\ud800-\\udfff without its pair), which " +
            "is no text: send the characters as UTF-8",
        );
      }
      // A number is a double here: a larger integer (an id) would be forwarded rounded, and
      // two alerts could become one. relay.py keeps it exact.
      if (typeof value !== "number" || Number.isSafeInteger(value)) {
        return value;
      }
      large ??= largeIntegers(text);
      if (large.has(value)) {
        throw new Refused(
          `the body's field ${JSON.stringify(key)} holds an integer beyond 2^53, which the ` +
            "Worker cannot forward exact: send it as text, or run relay.py",
        );
      }
      if (!Number.isFinite(value)) {
        throw new Refused(TOO_LARGE);
      }
      return value;
    });
  } catch (error) {
    if (error instanceof Refused) {
      throw error;
    }
    throw new Refused("the body is not JSON");
  }
}

function dispatchBody(source, payload) {
  return written({
    event_type: "incident",
    client_payload: { action: "ingest", source, payload },
  });
}

// `value` as JSON.stringify writes it, but a number beyond 2^53 (parse let through only
// floats there, `1.5e20`) with an exponent, as relay.py writes it: JSON.stringify wrote
// 150000000000000000000, which ingest reads as an integer, where relay.py's is a float.
function written(value) {
  if (typeof value === "number" && Number.isFinite(value) && !Number.isSafeInteger(value)) {
    return Number.isInteger(value) ? value.toExponential() : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? "null" : written(item))).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${fields.map(([key, item]) => `${JSON.stringify(key)}:${written(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// The dispatch body for `payload`, compacted when GitHub would refuse it unchanged; null
// when it does not fit even so. Sizes in bytes, as GitHub counts them.
function fitted(source, payload) {
  const size = (text) => new TextEncoder().encode(text).length;
  let body = dispatchBody(source, payload);
  if (size(body) < MAX_DISPATCH) {
    return body;
  }
  if (GROUPS.includes(source) && isObject(payload) && Array.isArray(payload.alerts)) {
    body = dispatchBody(source, { ...payload, alerts: compact(payload) });
    if (size(body) < MAX_DISPATCH) {
      return body;
    }
  }
  return null;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// The group's alerts as ingest reads them, smaller: each keeps only the values no earlier
// alert of the same status and severity has (ingest reads what each such class of alerts
// names, e.g. the services that fire critical), but always its status, and its severity
// when the group has none in common.
function compact(payload) {
  const always = ["status"];
  const common = payload.commonLabels;
  if (!(isObject(common) && common.severity)) {
    always.push("labels.severity");
  }
  const seen = new Set();
  function unseen(value, path, scope) {
    if (always.includes(path)) {
      return value;
    }
    if (isObject(value)) {
      const kept = {};
      for (const [key, item] of Object.entries(value)) {
        const left = unseen(item, path ? `${path}.${key}` : key, scope);
        if (left !== null) {
          kept[key] = left;
        }
      }
      return Object.keys(kept).length ? kept : null;
    }
    if (Array.isArray(value)) {
      const items = value.map((item) => unseen(item, path, scope)).filter((item) => item !== null);
      return items.length ? items : null;
    }
    const token = `${scope}${path}=${JSON.stringify(value)}`;
    if (value === null || seen.has(token)) {
      return null;
    }
    seen.add(token);
    return value;
  }
  return payload.alerts.map((alert) => unseen(alert, "", alertClass(alert)) || {});
}

// The status and severity of a group's alert, as a prefix for the values it holds.
function alertClass(alert) {
  if (!isObject(alert)) {
    return "null:null:";
  }
  const severity = isObject(alert.labels) ? alert.labels.severity : undefined;
  return `${JSON.stringify(alert.status ?? null)}:${JSON.stringify(severity ?? null)}:`;
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") {
      return answer(405, "POST the alert", "POST");
    }
    // A secret of spaces, which no tool sends, refused as relay.py refuses it at its start:
    // every alert would be refused as unauthorized, with nothing said to whoever set it.
    if (!(env.RELAY_SECRET || "").trim()) {
      console.error(
        `RELAY_SECRET is ${JSON.stringify(env.RELAY_SECRET ?? null)}, unset or only spaces: ` +
          "set it to the shared secret the alerting tools send",
      );
      return answer(500, "the relay's RELAY_SECRET is not set; see its log");
    }
    // The secret first: nothing about the request is revealed to a caller without it.
    if (!(await authorized(request.headers.get("Authorization"), env.RELAY_SECRET))) {
      return answer(401, "unauthorized");
    }
    const source = new URL(request.url).pathname.replace(/^\/+|\/+$/g, "");
    if (!SOURCES.includes(source)) {
      return answer(404, "unknown source; POST to /" + SOURCES.join(", /"));
    }
    if (Number(request.headers.get("Content-Length") || 0) > MAX_BODY) {
      return answer(413, "payload too large"); // refused before it is read
    }
    const body = await request.arrayBuffer();
    if (body.byteLength > MAX_BODY) {
      return answer(413, "payload too large");
    }
    let payload;
    try {
      payload = parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (error) {
      return answer(400, error instanceof Refused ? error.message : "the body is not JSON");
    }
    const dispatch = fitted(source, payload);
    if (dispatch === null) {
      return answer(
        413,
        `too large for GitHub: a repository_dispatch must be under ${MAX_DISPATCH} bytes, ` +
          "even with the values that repeat across the alerts left out; send smaller " +
          "groups (Alertmanager's group_by, Grafana's grouping)",
      );
    }
    if (!REPOSITORY.test(env.GITHUB_REPOSITORY || "")) {
      console.error(
        `GITHUB_REPOSITORY is ${JSON.stringify(env.GITHUB_REPOSITORY ?? null)}: set it to the ` +
          "status site's owner/name, for example acme/status (no URL, no .git)",
      );
      return answer(500, "the relay's GITHUB_REPOSITORY is not owner/name; see its log");
    }
    const api = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
    let status;
    try {
      const response = await fetch(`${api}/repos/${env.GITHUB_REPOSITORY}/dispatches`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${env.GITHUB_TOKEN}`,
          Accept: "application/vnd.github+json",
          "X-GitHub-Api-Version": "2022-11-28",
          "Content-Type": "application/json",
          "User-Agent": "statusgen-relay",
        },
        body: dispatch,
      });
      status = response.status;
    } catch {
      status = 599;
    }
    if (status === 204) {
      return answer(202, "forwarded");
    }
    if (status in GITHUB_HINTS) {
      console.error(`GitHub answered ${status}: ${GITHUB_HINTS[status](env.GITHUB_REPOSITORY)}`);
    }
    return answer(502, `GitHub answered ${status}`);
  },
};
