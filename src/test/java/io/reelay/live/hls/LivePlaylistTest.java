package io.reelay.live.hls;

import static io.reelay.live.hls.Recorded.AUDIO;
import static io.reelay.live.hls.Recorded.VIDEO;
import static io.reelay.live.hls.Recorded.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.HlsMediaPlaylist;
import io.reelay.media.fmp4.TestConfigs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivePlaylistTest {

  private final LiveHlsOptions options = LiveHlsOptions.DEFAULTS;
  private final LivePlaylist playlist = new LivePlaylist(options);
  private final LiveSegmenter segmenter = new LiveSegmenter(options, () -> 1_700_000_000_000L, playlist);
  private int changes;

  LivePlaylistTest() {
    playlist.onChange(() -> changes++);
    segmenter.video(VIDEO);
    segmenter.audio(AUDIO);
  }

  @Test
  void rendersTheLowLatencyTags() {
    assertThat(playlist.ready()).isFalse();
    feed(segmenter, 0, 3.3, 25, 25, true); // 3 segments, the 4th open with its first part
    String text = playlist.text();
    List<String> lines = Arrays.asList(text.split("\n"));
    assertThat(lines).startsWith("#EXTM3U", "#EXT-X-VERSION:9", "#EXT-X-TARGETDURATION:1")
        .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000,HOLD-BACK=3.00000",
            "#EXT-X-PART-INF:PART-TARGET=0.20000", "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-DISCONTINUITY-SEQUENCE:0",
            "#EXT-X-MAP:URI=\"init-0.mp4\"", "#EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.000Z",
            "#EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:21.000Z", "#EXTINF:1.00000,", "seg-2.m4s",
            "#EXT-X-PART:DURATION=0.20000,URI=\"part-16.m4s\",INDEPENDENT=YES", // parts are numbered in the stream
            "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-17.m4s\"")
        .doesNotContain("#EXT-X-ENDLIST");
    assertThat(lines.stream().filter(l -> l.startsWith("#EXT-X-MAP"))).hasSize(1);
    assertThat(lines.stream().filter(l -> l.startsWith("#EXT-X-PART:"))).hasSize(16); // 3 x 5 + 1
    assertThat(lines.get(lines.size() - 1)).startsWith("#EXT-X-PRELOAD-HINT");
    assertThat(playlist.text()).isSameAs(text); // cached until something changes

    HlsMediaPlaylist parsed = HlsMediaPlaylist.parse(text); // what the project's own reader sees
    assertThat(parsed.map()).isEqualTo("init-0.mp4");
    assertThat(parsed.segments()).extracting(HlsMediaPlaylist.Segment::uri)
        .containsExactly("seg-0.m4s", "seg-1.m4s", "seg-2.m4s");

    String legacy = playlist.legacyText();
    assertThat(legacy).contains("#EXT-X-VERSION:6", "#EXTINF:1.00000,\nseg-2.m4s")
        .doesNotContain("EXT-X-PART", "PRELOAD-HINT", "SERVER-CONTROL");
  }

  @Test
  void reportsItsLastPartForAnotherRenditionsPlaylist() {
    StringBuilder none = new StringBuilder();
    playlist.renditionReport(none, "480p/index.m3u8");
    assertThat(none).isEmpty(); // nothing published yet

    feed(segmenter, 0, 3.3, 25, 25, true); // segments 0-2 of 5 parts, segment 3 open with its first part
    StringBuilder sb = new StringBuilder();
    playlist.renditionReport(sb, "../index.m3u8");
    assertThat(sb.toString()).isEqualTo("#EXT-X-RENDITION-REPORT:URI=\"../index.m3u8\",LAST-MSN=3,LAST-PART=0\n");
  }

  @Test
  void aSegmentsLastPartIsAnnouncedTogetherWithTheSegment() {
    List<String> firstSeen = new java.util.ArrayList<>();
    playlist.onChange(() -> {
      if (firstSeen.isEmpty() && playlist.has(0, 4)) {
        firstSeen.add(playlist.text()); // what a request blocked on the last part of segment 0 gets
      }
    });
    feed(segmenter, 0, 1.5, 25, 25, true);
    assertThat(firstSeen).hasSize(1);
    assertThat(firstSeen.get(0)).contains("#EXTINF:1.00000,\nseg-0.m4s");
  }

  @Test
  void slidesTheWindowAndListsPartsOnlyNearTheLiveEdge() {
    feed(segmenter, 0, 12.3, 25, 25, true);
    assertThat(segmenterSegments()).isEqualTo(12);
    String text = playlist.text();
    assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:5\n");
    assertThat(text.lines().filter(l -> l.startsWith("#EXTINF"))).hasSize(options.segmentsKept());
    // parts of the last three target durations (3 segments of 1 s) and of the open segment
    // segment n's parts are numbers 5n+1 .. 5n+5
    assertThat(text).doesNotContain("part-45.m4s").contains("part-46.m4s", "part-60.m4s", "part-61.m4s");
    assertThat(playlist.partNumbered(46)).isSameAs(playlist.part(9, 0));
    assertThat(playlist.partNumbered(61)).isSameAs(playlist.part(12, 0));
    assertThat(playlist.partNumbered(20)).isNull(); // slid out of the window
    assertThat(playlist.segment(4)).isNull(); // released
    assertThat(playlist.part(4, 0)).isNull();
    assertThat(playlist.segment(5).msn()).isEqualTo(5);
    assertThat(playlist.part(5, 4)).isNotNull(); // parts stay servable while their segment is in the window
    assertThat(playlist.part(12, 0).media().copy()).isNotEmpty();
    assertThat(playlist.part(12, 1)).isNull();
    assertThat(changes).isGreaterThan(60);

    segmenter.finish();
    assertThat(playlist.text()).endsWith("#EXT-X-ENDLIST\n").doesNotContain("PRELOAD-HINT");
    assertThat(playlist.isEnded()).isTrue();
  }

  @Test
  void blockingReloadConditionIncludesThePartBeyondTheLastRule() {
    feed(segmenter, 0, 1.3, 25, 25, true); // segment 0 done (5 parts), segment 1 has 1 part
    assertThat(playlist.nextMsn()).isEqualTo(1);
    assertThat(playlist.nextPart()).isEqualTo(1);
    assertThat(playlist.has(0, -1)).isTrue();
    assertThat(playlist.has(1, -1)).isFalse(); // not finished yet
    assertThat(playlist.has(0, 4)).isTrue();
    assertThat(playlist.has(1, 0)).isTrue();
    assertThat(playlist.has(1, 1)).isFalse();
    assertThat(playlist.has(0, 5)).isTrue(); // beyond segment 0's last part: means part 0 of segment 1
    assertThat(playlist.has(0, 9)).isTrue();
    assertThat(playlist.has(2, 0)).isFalse();

    feed(segmenter, 180_000, 0.04, 25, 25, false); // a keyframe at 2 s: segment 1 ends with 2 parts
    assertThat(playlist.nextMsn()).isEqualTo(2);
    assertThat(playlist.has(1, 1)).isTrue();
    assertThat(playlist.has(1, 2)).isFalse(); // means (2, 0): not there yet
    // the hint names the next part, whichever segment it will open or continue: segment 0's 5, segment 1's 2
    assertThat(playlist.text()).endsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-8.m4s\"\n");
  }

  @Test
  void countsDiscontinuitiesAndDropsOldInitSegments() {
    feed(segmenter, 0, 2.04, 25, 25, true);
    segmenter.video(new VideoTrack(TestConfigs.avcc(1280, 720)));
    feed(segmenter, 2 * 90_000 + 3600, 3.04, 25, 25, true);
    String text = playlist.text();
    assertThat(text).contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"");
    assertThat(playlist.init(0)).isNotNull();
    assertThat(playlist.init(1).width()).isEqualTo(1280);

    feed(segmenter, 5 * 90_000 + 7200, 8.04, 25, 25, true); // slide the change out of the window
    assertThat(playlist.text()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n").doesNotContain("#EXT-X-DISCONTINUITY\n")
        .doesNotContain("init-0.mp4");
    assertThat(playlist.init(0)).isNull();
  }

  @Test
  void namesParseBack() {
    assertThat(HlsNames.parse(HlsNames.part(12))).isEqualTo(new HlsNames.Name(HlsNames.Kind.PART, 12));
    assertThat(HlsNames.parse(HlsNames.segment(7))).isEqualTo(new HlsNames.Name(HlsNames.Kind.SEGMENT, 7));
    assertThat(HlsNames.parse(HlsNames.init(2))).isEqualTo(new HlsNames.Name(HlsNames.Kind.INIT, 2));
    for (String bad : List.of("seg-.m4s", "part-.m4s", "part-1.2.m4s", "part-1.x.m4s", "seg-1.mp4", "init--1.mp4", "../seg-1.m4s",
        "seg-99999999999999999999.m4s", "index.m3u8")) {
      assertThat(HlsNames.parse(bad)).as(bad).isNull();
    }
  }

  private long segmenterSegments() {
    return playlist.nextMsn();
  }
}
