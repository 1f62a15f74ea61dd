// CloudFront Function (viewer request) for a site in a private S3 bucket: a folder URL
// such as /incidents/2026-11-22-payout-creation-errors/ serves that folder's index.html.
// A folder URL without its "/" (/history, /components/api) is redirected to the one with
// it, as nginx, Caddy and Netlify do: S3 holds no object under the bare name (a private
// bucket answers 403), and the page's relative links need the "/" to resolve.
// The build's folders (incident slugs, component ids) never have a "." in their name and
// its files always do. Of the files of static/ without one, only those under a folder
// starting with "." (/.well-known/apple-app-site-association, which apps fetch without
// following a redirect) and a CNAME are served as they are: a function cannot ask the
// bucket what it holds, so any other (/LICENSE, /humans) is redirected as a folder would
// be, to a URL that is not found. Give such a file an extension (LICENSE.txt).
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
    return request;
  }
  if (uri.indexOf("/.") !== -1 || uri === "/CNAME") {
    return request;
  }
  if (uri.slice(uri.lastIndexOf("/") + 1).indexOf(".") === -1) {
    return {
      statusCode: 301,
      statusDescription: "Moved Permanently",
      headers: { location: { value: uri + "/" + query(request.querystring) } },
    };
  }
  return request;
}

// The query string as the visitor sent it (its values arrive still percent-encoded).
function query(querystring) {
  var parts = [];
  for (var key in querystring) {
    var entry = querystring[key];
    var values = entry.multiValue ? entry.multiValue : [entry];
    for (var i = 0; i < values.length; i++) {
      parts.push(key + "=" + values[i].value);
    }
  }
  return parts.length ? "?" + parts.join("&") : "";
}
