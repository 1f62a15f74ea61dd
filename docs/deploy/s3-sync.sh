#!/bin/sh
# Upload a built statusgen site to S3 with the cache lifetimes of its _headers file,
# and optionally refresh CloudFront.
#
#   sh s3-sync.sh public s3://status-bucket [CLOUDFRONT_DISTRIBUTION_ID]
#
# S3 cannot send CORS headers per file: give the CloudFront distribution the managed
# response headers policy "CORS-and-SecurityHeadersPolicy" (Access-Control-Allow-Origin: *
# and X-Content-Type-Options: nosniff, as a public page's _headers asks; a private page's
# allows no origin, see the note at the end).
set -eu

site=${1:?usage: s3-sync.sh SITE_FOLDER s3://BUCKET[/PREFIX] [CLOUDFRONT_DISTRIBUTION_ID]}
bucket=${2:?usage: s3-sync.sh SITE_FOLDER s3://BUCKET[/PREFIX] [CLOUDFRONT_DISTRIBUTION_ID]}
distribution=${3:-}
short="public, max-age=60, must-revalidate"
# A private page (statusgen's first rule in its _headers, for /*, sends X-Robots-Tag):
# its short-lived files are for the reader's browser only, as its _headers ask, never for
# a shared cache on the way. Only that rule tells: the site's own rules follow statusgen's,
# and a noindex of theirs for one path (/search/*) does not make the page private.
private=false
if awk '
  /^#/ { next }
  /^[ \t]*$/ { if (rule != "") exit; next }
  /^[^ \t]/ { if (rule != "") exit; rule = $0; next }
  rule == "/*" && $0 == "  X-Robots-Tag: noindex" { found = 1; exit }
  END { exit !found }
' "$site/_headers" 2>/dev/null; then
  private=true
  short="private, max-age=60, must-revalidate"
fi

# The short-lived files, by the aws CLI's patterns ("*" crosses folders): step 1 uploads
# them, step 3 leaves them out. Each file is sent once, with its own headers: a plain sync
# would send one again without them whenever its time is not before S3's upload time,
# which S3 keeps to the second (a build in the same second, a clock a little ahead).
short_lived="index.html 404.html status.json feed.xml atom.xml badge.svg sitemap.xml
  shields.json widget.js embed.html search.json api/* components/* incidents/* history/*
  search/* subscribe/*"
set -f # the patterns are for aws, never expanded by the shell

# 1. Pages, JSON, feeds and badges: a minute in caches, so CloudFront absorbs the
#    traffic of an outage yet shows a deploy within a minute. Those the build no longer
#    writes are removed.
set --
for pattern in $short_lived; do
  set -- "$@" --include "$pattern"
done
aws s3 sync "$site" "$bucket" --delete --exclude '*' "$@" --cache-control "$short"

# 2. The calendar, with a type calendar apps accept. A page without feeds (a private one)
#    has none: one an earlier build left in the bucket is removed.
if [ -f "$site/maintenance.ics" ]; then
  aws s3 cp "$site/maintenance.ics" "$bucket/maintenance.ics" \
    --content-type "text/calendar; charset=utf-8" --cache-control "$short"
else
  aws s3 rm "$bucket/maintenance.ics"
fi

# 3. Everything else (theme files, robots.txt), and remove what the build no longer
#    writes; never the files of steps 1 and 2.
set --
for pattern in $short_lived maintenance.ics; do
  set -- "$@" --exclude "$pattern"
done
aws s3 sync "$site" "$bucket" --delete --exclude '_headers' --exclude '.nojekyll' "$@"

if [ -n "$distribution" ]; then
  aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*'
fi

if [ "$private" = true ]; then
  # S3 sends no header of its own choosing: the distribution must, and must keep strangers out.
  echo "note: $site is a private page: give the distribution a response headers policy" \
    "of your own with 'X-Content-Type-Options: nosniff' and the custom header" \
    "'X-Robots-Tag: noindex' but no CORS (not CORS-and-SecurityHeadersPolicy)," \
    "and put it behind sign-in (docs/audiences.md)" >&2
fi
