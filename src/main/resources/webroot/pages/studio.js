// Studio: go live (streams made here, their keys, ingest URLs and a live preview) and one's own videos.
import { auth } from '../js/api.js';
import { h } from '../js/dom.js';
import { loginPrompt } from './login.js';
import { streamsSection } from './studio-streams.js';
import { videosSection } from './studio-videos.js';

export function render(main) {
  const me = auth.user();
  if (!me) { loginPrompt(main, 'Studio'); return; }
  const streams = streamsSection(me);
  const videos = videosSection(me);
  main.append(h('h1', {}, 'Studio'), streams.el, videos.el);
  return () => { streams.destroy(); videos.destroy(); };
}
