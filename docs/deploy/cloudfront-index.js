// CloudFront Function (viewer request) for a site in a private S3 bucket: a folder URL
// such as /incidents/2026-11-22-payout-creation-errors/ serves that folder's index.html.
function handler(event) {
  var request = event.request;
  if (request.uri.endsWith("/")) {
    request.uri += "index.html";
  }
  return request;
}
