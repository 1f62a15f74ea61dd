// A webhook relay for statusgen as a Cloudflare Worker: the same logic as relay.py.
//
// POST /<source> (alertmanager, grafana, pagerduty, opsgenie, datadog, generic) with
// `Authorization: Bearer <RELAY_SECRET>` is forwarded unchanged to GitHub as
//   {"event_type": "incident",
//    "client_payload": {"action": "ingest", "source": "<source>", "payload": <body>}}
// which the Incident workflow hands to `statusgen ingest`.
//
// Settings (wrangler secrets / variables):
//   RELAY_SECRET       the shared secret the alerting tools send
//   GITHUB_TOKEN       fine-grained token, "Contents: read and write" on the repository
//   GITHUB_REPOSITORY  owner/name of the status site's repository
//   GITHUB_API_URL     optional, default https://api.github.com

const SOURCES = ["alertmanager", "grafana", "pagerduty", "opsgenie", "datadog", "generic"];
const MAX_BODY = 1000000; // bytes; statusgen ingest reads no more either

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

function answer(status, message) {
  return new Response(message + "\n", {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") {
      return answer(405, "POST the alert");
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
      payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch {
      return answer(400, "the body is not JSON");
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
        body: JSON.stringify({
          event_type: "incident",
          client_payload: { action: "ingest", source, payload },
        }),
      });
      status = response.status;
    } catch {
      status = 599;
    }
    return status === 204 ? answer(202, "forwarded") : answer(502, `GitHub answered ${status}`);
  },
};
