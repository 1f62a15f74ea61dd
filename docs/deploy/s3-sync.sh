#!/bin/sh
# Upload a built statusgen site to S3 with the cache lifetimes of its _headers file,
# and optionally refresh CloudFront.
#
#   sh s3-sync.sh public s3://status-bucket [CLOUDFRONT_DISTRIBUTION_ID]
#
# S3 cannot send CORS headers per file: give the CloudFront distribution the managed
# response headers policy "CORS-and-SecurityHeadersPolicy" (Access-Control-Allow-Origin: *
# and X-Content-Type-Options: nosniff, as _headers asks).
set -eu

site=${1:?usage: s3-sync.sh SITE_FOLDER s3://BUCKET[/PREFIX] [CLOUDFRONT_DISTRIBUTION_ID]}
bucket=${2:?usage: s3-sync.sh SITE_FOLDER s3://BUCKET[/PREFIX] [CLOUDFRONT_DISTRIBUTION_ID]}
distribution=${3:-}
short="public, max-age=60, must-revalidate"
# A private page (its _headers send X-Robots-Tag): its short-lived files are for the
# reader's browser only, as its _headers ask, never for a shared cache on the way.
private=false
if grep -q 'X-Robots-Tag: noindex' "$site/_headers" 2>/dev/null; then
  private=true
  short="private, max-age=60, must-revalidate"
fi

# 1. Pages, JSON, feeds and badges: a minute in caches, so CloudFront absorbs the
#    traffic of an outage yet shows a deploy within a minute.
aws s3 sync "$site" "$bucket" --exclude '*' \
  --include 'index.html' --include '404.html' --include 'status.json' \
  --include 'feed.xml' --include 'atom.xml' --include 'badge.svg' \
  --include 'sitemap.xml' --include 'shields.json' --include 'widget.js' \
  --include 'embed.html' --include 'search.json' \
  --include 'api/*' --include 'components/*' --include 'incidents/*' --include 'history/*' \
  --include 'search/*' --include 'subscribe/*' \
  --cache-control "$short"

# 2. The calendar, with a type calendar apps accept. A page without feeds (a private one)
#    has none: step 3 then deletes one an earlier build left in the bucket.
if [ -f "$site/maintenance.ics" ]; then
  aws s3 cp "$site/maintenance.ics" "$bucket/maintenance.ics" \
    --content-type "text/calendar; charset=utf-8" --cache-control "$short"
fi

# 3. Everything else (theme files, robots.txt), and remove what the build no longer
#    writes. Files uploaded above are unchanged since, so they are not sent again.
aws s3 sync "$site" "$bucket" --delete --exclude '_headers' --exclude '.nojekyll'

if [ -n "$distribution" ]; then
  aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*'
fi

if [ "$private" = true ]; then
  # S3 sends no header of its own choosing: the distribution must, and must keep strangers out.
  echo "note: $site is a private page: add 'X-Robots-Tag: noindex' to the distribution's" \
    "response headers policy (custom headers), and put it behind sign-in" \
    "(docs/audiences.md)" >&2
fi
