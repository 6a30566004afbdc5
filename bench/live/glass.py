#!/usr/bin/env python3
"""Helper of glass.sh.

  glass.py serve PORT_FILE OUT_DIR HLS_JS   serves glass.html and hls.js on 127.0.0.1 (any free port, written to
                                            PORT_FILE); POST /log appends to OUT_DIR/<run>.log, POST /result
                                            writes OUT_DIR/<run>.json
  glass.py report OUT_DIR RUN...            prints the figures of the runs and their medians
"""
import json
import os
import statistics
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

HERE = os.path.dirname(os.path.abspath(__file__))


def serve(port_file, out_dir, hls_js):
    files = {'/glass.html': (os.path.join(HERE, 'glass.html'), 'text/html; charset=utf-8'),
             '/hls.js': (hls_js, 'application/javascript')}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = urlparse(self.path).path
            if path not in files:
                self.send_error(404)
                return
            name, kind = files[path]
            with open(name, 'rb') as f:
                body = f.read()
            self.send_response(200)
            self.send_header('Content-Type', kind)
            self.send_header('Content-Length', str(len(body)))
            self.send_header('Cache-Control', 'no-store')
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            url = urlparse(self.path)
            run = ''.join(c for c in parse_qs(url.query).get('run', ['run'])[0] if c.isalnum() or c in '-_')
            body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
            if url.path == '/log':
                with open(os.path.join(out_dir, run + '.log'), 'ab') as f:
                    f.write(body + b'\n')
            elif url.path == '/result':
                tmp = os.path.join(out_dir, run + '.json.tmp')
                with open(tmp, 'wb') as f:
                    f.write(body)
                os.replace(tmp, os.path.join(out_dir, run + '.json'))
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    with open(port_file + '.tmp', 'w') as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + '.tmp', port_file)
    server.serve_forever()


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def fmt(v, unit=' ms'):
    return '-' if v is None else f'{v:,.0f}{unit}'


def report(out_dir, runs):
    rows = []
    for run in runs:
        path = os.path.join(out_dir, run + '.json')
        if not os.path.exists(path):
            print(f'{run}: no result (see {os.path.join(out_dir, run + ".log")})')
            continue
        with open(path) as f:
            r = json.load(f)
        s = r.get('samples', [])
        pdt = [x['pdt'] for x in s if x.get('pdt') is not None]
        glass = [x['glass'] for x in s if x.get('glass') is not None]
        lat = [1000 * x['latency'] for x in s if x.get('latency') is not None]
        target = [1000 * x['target'] for x in s if x.get('target') is not None]
        ahead = [1000 * x['ahead'] for x in s if x.get('ahead') is not None]
        rates = sorted({x.get('rate') for x in s})
        c = r.get('counts', {})
        res = r.get('resources', [])
        blocking = [x['dur'] for x in res if '_HLS_msn=' in x['name']]
        plain = [x['dur'] for x in res if '.m3u8' in x['name'] and '_HLS_msn=' not in x['name']]
        parts = [x['dur'] for x in res if '/part-' in x['name']]
        segs = [x for x in res if '/seg-' in x['name']]
        row = dict(run=run, n=len(s), pdt50=pct(pdt, 50), pdt95=pct(pdt, 95), pdtmax=max(pdt) if pdt else None,
                   gl50=pct(glass, 50), gl95=pct(glass, 95), glmax=max(glass) if glass else None,
                   ng=len(glass), lat50=pct(lat, 50), target50=pct(target, 50), ahead50=pct(ahead, 50),
                   rates=rates, errors=c.get('errors', 0), fatal=c.get('fatal', 0), waiting=c.get('waiting', 0),
                   barcodeBad=c.get('barcodeBad', 0), firstPlaying=r.get('firstPlaying'),
                   blocking=len(blocking), blocking50=pct(blocking, 50), plain=len(plain), parts=len(parts),
                   parts50=pct(parts, 50), segs=len(segs), hls=r.get('hlsVersion'),
                   llmode=r.get('lowLatencyMode'), quality=r.get('quality') or {})
        rows.append(row)
        print(f"{run}: {row['n']} samples, hls.js {row['hls']} lowLatencyMode={row['llmode']}, playing after "
              f"{fmt(row['firstPlaying'])}, frames dropped {row['quality'].get('droppedVideoFrames')} of "
              f"{row['quality'].get('totalVideoFrames')}")
        print(f"  PDT latency (Date.now() - hls.playingDate): p50 {fmt(row['pdt50'])}  p95 {fmt(row['pdt95'])}  "
              f"max {fmt(row['pdtmax'])}")
        print(f"  glass (barcode, capture -> display):         p50 {fmt(row['gl50'])}  p95 {fmt(row['gl95'])}  "
              f"max {fmt(row['glmax'])}  ({row['ng']} readings, {row['barcodeBad']} unreadable)")
        print(f"  hls.latency p50 {fmt(row['lat50'])}, hls.targetLatency p50 {fmt(row['target50'])}, "
              f"buffer ahead p50 {fmt(row['ahead50'])}, playback rates {rates}")
        print(f"  errors {row['errors']} (fatal {row['fatal']}), waiting events {row['waiting']}; requests: "
              f"{row['blocking']} blocking playlist reloads (p50 held {fmt(row['blocking50'])}), {row['plain']} plain "
              f"playlist loads, {row['parts']} parts (p50 {fmt(row['parts50'])}), {row['segs']} whole segments")
        kinds = {}
        for e in r.get('events', []):
            if e['kind'] == 'hls-error':
                key = f"{e.get('details')} fatal={e.get('fatal')} code={e.get('code')}"
                kinds[key] = kinds.get(key, 0) + 1
        for k, v in sorted(kinds.items()):
            print(f'    hls error x{v}: {k}')
    if len(rows) > 1:
        def med(key):
            vals = [r[key] for r in rows if r[key] is not None]
            return statistics.median(vals) if vals else None
        print(f"median of {len(rows)} runs: PDT latency p50 {fmt(med('pdt50'))}, p95 {fmt(med('pdt95'))}, "
              f"max {fmt(med('pdtmax'))}; glass p50 {fmt(med('gl50'))}, p95 {fmt(med('gl95'))}, "
              f"max {fmt(med('glmax'))}; hls.latency p50 {fmt(med('lat50'))}")
        print('per run (PDT p50/p95/max | glass p50/p95/max): ' + '; '.join(
            f"{fmt(r['pdt50'], '')}/{fmt(r['pdt95'], '')}/{fmt(r['pdtmax'], '')} | "
            f"{fmt(r['gl50'], '')}/{fmt(r['gl95'], '')}/{fmt(r['glmax'], '')}" for r in rows))


if __name__ == '__main__':
    if len(sys.argv) >= 5 and sys.argv[1] == 'serve':
        serve(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 3 and sys.argv[1] == 'report':
        report(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
