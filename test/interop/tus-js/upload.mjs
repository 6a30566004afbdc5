// Uploads to a running Reelay node with the real tus-js-client (Node.js), twice, each time interrupted:
//   1. "abort-resume": upload.abort() once past 40 %, then a new tus.Upload finds the stored URL
//      (FileUrlStorage + findPreviousUploads) and resumes with resumeFromPreviousUpload;
//   2. "dropped-connection": through a small TCP proxy that resets the connection once, in the middle of a
//      PATCH body; tus-js-client's own retry (HEAD, then PATCH from the server's offset) takes over.
// Each upload is then checked with a HEAD (Upload-Offset == Upload-Length == size) and, through the catalog,
// by its content hash (SHA-256 of the bytes). Prints one JSON line; exits non-zero on any failure.
//
// Usage: node upload.mjs [REELAY_URL] [TOKEN] [FILE]   (or env REELAY_URL, REELAY_TOKEN, UPLOAD_FILE)
// Without a file, 3 MiB + 54321 random bytes are uploaded.

import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import * as tus from 'tus-js-client'

const CHUNK_SIZE = 256 * 1024
const TIMEOUT_MS = 180_000

const baseUrl = (process.argv[2] || process.env.REELAY_URL || '').replace(/\/+$/, '')
const token = process.argv[3] || process.env.REELAY_TOKEN
const filePath = process.argv[4] || process.env.UPLOAD_FILE
if (!baseUrl || !token) {
  console.error('usage: node upload.mjs REELAY_URL TOKEN [FILE]  (or env REELAY_URL, REELAY_TOKEN, UPLOAD_FILE)')
  process.exit(2)
}

const data = filePath ? readFileSync(filePath) : randomBytes(3 * 1024 * 1024 + 54321)
const name = filePath ? basename(filePath) : 'tus-js-interop.bin'
const sha256 = createHash('sha256').update(data).digest('hex')
const storageDir = mkdtempSync(join(tmpdir(), 'reelay-tus-js-'))

const guard = setTimeout(() => fail(new Error(`no result after ${TIMEOUT_MS} ms`)), TIMEOUT_MS)

function fail(err, details = {}) {
  rmSync(storageDir, { recursive: true, force: true })
  console.log(JSON.stringify({ ok: false, error: String(err && err.stack ? err.message : err), ...details }))
  process.exit(1)
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

/** tus options shared by every upload; `log` records each request tus-js-client sends. */
function options(endpoint, log, extra = {}) {
  return {
    endpoint: `${endpoint}/files/`,
    chunkSize: CHUNK_SIZE,
    retryDelays: [0, 250, 500, 1000, 2000, 3000],
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: name, title: `tus-js-client ${extra.title || ''}`.trim() },
    urlStorage: new tus.FileUrlStorage(join(storageDir, 'urls.json')),
    onBeforeRequest(req) {
      log.push({ method: req.getMethod(), url: req.getURL(), offset: req.getHeader('Upload-Offset') ?? null })
    },
    onAfterResponse(req, res) {
      const entry = log.findLast((r) => r.method === req.getMethod() && r.status === undefined)
      if (entry) {
        entry.status = res.getStatus()
        entry.serverOffset = res.getHeader('Upload-Offset') ?? null
      }
    },
    ...extra,
  }
}

/** Starts the upload; resolves when it succeeded, rejects with its error. */
function complete(upload) {
  return new Promise((resolve, reject) => {
    upload.options.onSuccess = resolve
    upload.options.onError = reject
    upload.start()
  })
}

async function abortThenResume() {
  const log = []
  let abortedAt = null
  const first = new tus.Upload(data, options(baseUrl, log, { title: 'abort-resume' }))
  const outcome = await new Promise((resolve, reject) => {
    first.options.onSuccess = () => resolve('success')
    first.options.onError = reject
    first.options.onProgress = (sent, total) => {
      // Past 40 %, and in the middle of a PATCH body (not at a chunk's end).
      if (abortedAt === null && sent > total * 0.4 && sent % CHUNK_SIZE !== 0) {
        abortedAt = sent
        // Cuts the PATCH in flight; the server keeps (and acknowledges) what reached it.
        first.abort().then(() => resolve('aborted'), reject)
      }
    }
    first.start()
  })
  check(outcome === 'aborted', `the first upload was expected to be aborted, but ended with ${outcome}`)
  check(first.url, 'no upload URL after the first attempt')
  const url = first.url

  const requestsBefore = log.length
  const second = new tus.Upload(data, options(baseUrl, log, { title: 'abort-resume' }))
  const previous = await second.findPreviousUploads()
  check(previous.length === 1, `expected 1 stored upload for the fingerprint, found ${previous.length}`)
  check(previous[0].uploadUrl === url, `stored URL ${previous[0].uploadUrl} is not ${url}`)
  second.resumeFromPreviousUpload(previous[0])
  await complete(second)
  check(second.url === url, `resumed at ${second.url}, not ${url}`)
  const afterResume = log.slice(requestsBefore)
  check(afterResume[0].method === 'HEAD', `the resumed upload began with ${afterResume[0].method}, not HEAD`)
  const firstPatch = afterResume.find((r) => r.method === 'PATCH')
  const resumedFrom = Number(firstPatch.offset)
  check(resumedFrom > 0 && resumedFrom <= abortedAt,
    `resumed from offset ${resumedFrom}; expected 0 < offset <= ${abortedAt} (bytes sent before the abort)`)
  check(log.filter((r) => r.method === 'POST').length === 1, 'the upload was created more than once')
  return { mode: 'abort-resume', url, abortedAt, resumedFrom, requests: log.length, afterInterruption: brief(log.slice(requestsBefore - 1)) }
}

/** The first requests after an interruption, e.g. "PATCH@1376256:-", "HEAD:200@1441792", "PATCH@1441792:204@1703936". */
function brief(requests) {
  return requests.slice(0, 4).map((r) => `${r.method}${r.offset !== null ? `@${r.offset}` : ''}:${r.status ?? '-'}`
    + `${r.serverOffset !== null && r.serverOffset !== undefined ? `@${r.serverOffset}` : ''}`)
}

/** A TCP proxy to the node that resets both sides once, after `dropAfter` bytes from the client. */
function droppingProxy(target, dropAfter) {
  const state = { fromClient: 0, dropped: false, dropAfter }
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    const cut = () => { client.resetAndDestroy(); upstream.resetAndDestroy() }
    client.on('data', (chunk) => {
      if (state.dropped || state.fromClient + chunk.length < dropAfter) {
        state.fromClient += chunk.length
        upstream.write(chunk)
        return
      }
      const keep = dropAfter - state.fromClient
      state.fromClient += keep
      state.dropped = true
      upstream.write(chunk.subarray(0, keep), () => setTimeout(cut, 200))
      client.pause()
    })
    upstream.pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.end())
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, state })))
}

async function droppedConnection() {
  const target = new URL(baseUrl)
  const { server, state } = await droppingProxy(target, Math.floor(data.length * 0.45))
  const proxyUrl = `http://127.0.0.1:${server.address().port}`
  const log = []
  let retries = 0
  try {
    const upload = new tus.Upload(data, options(proxyUrl, log, {
      title: 'dropped-connection',
      onShouldRetry(err) {
        retries++
        const status = err.originalResponse ? err.originalResponse.getStatus() : 0
        return status < 400 || status >= 500 || status === 409 || status === 423
      },
    }))
    await complete(upload)
    check(state.dropped, 'the proxy never dropped the connection')
    check(retries >= 1, 'tus-js-client did not retry after the dropped connection')
    check(log.filter((r) => r.method === 'POST').length === 1, 'the upload was created more than once')
    const heads = log.filter((r) => r.method === 'HEAD')
    check(heads.length >= 1, 'no HEAD after the dropped connection')
    const patchesAfterHead = log.slice(log.indexOf(heads[0])).filter((r) => r.method === 'PATCH')
    const resumedFrom = Number(patchesAfterHead[0].offset)
    check(resumedFrom > 0, `resumed from offset ${resumedFrom} after the drop`)
    const url = upload.url.replace(proxyUrl, baseUrl)
    return { mode: 'dropped-connection', url, droppedAfterBytes: state.dropAfter, resumedFrom, retries,
      requests: log.length, afterInterruption: brief(log.slice(log.indexOf(heads[0]) - 1)) }
  } finally {
    server.close()
  }
}

/** HEAD: every byte in; then the catalog: the stored content is these bytes. */
async function verify(result) {
  const head = await fetch(result.url, {
    method: 'HEAD',
    headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` },
  })
  check(head.status === 200, `HEAD ${result.url} answered ${head.status}`)
  const offset = Number(head.headers.get('upload-offset'))
  const length = Number(head.headers.get('upload-length'))
  check(offset === data.length && length === data.length,
    `HEAD says Upload-Offset ${offset}, Upload-Length ${length}; expected ${data.length}`)
  const videoId = head.headers.get('reelay-video-id')
  check(videoId, 'HEAD has no Reelay-Video-Id')
  const video = await fetch(`${baseUrl}/api/videos/${videoId}`, { headers: { Authorization: `Bearer ${token}` } })
  check(video.status === 200, `GET /api/videos/${videoId} answered ${video.status}`)
  const body = await video.json()
  check(body.contentHash === sha256, `contentHash ${body.contentHash} is not the SHA-256 of the bytes (${sha256})`)
  return { ...result, offset, videoId, contentHash: body.contentHash, status: body.status }
}

try {
  const uploads = []
  for (const phase of [abortThenResume, droppedConnection]) {
    const started = Date.now()
    const result = await phase()
    uploads.push({ ...(await verify(result)), ms: Date.now() - started })
  }
  clearTimeout(guard)
  rmSync(storageDir, { recursive: true, force: true })
  console.log(JSON.stringify({ ok: true, client: 'tus-js-client', bytes: data.length, sha256, uploads }))
  process.exit(0) // without waiting for idle keep-alive connections to time out
} catch (err) {
  fail(err, err && err.originalResponse ? { status: err.originalResponse.getStatus() } : {})
}
