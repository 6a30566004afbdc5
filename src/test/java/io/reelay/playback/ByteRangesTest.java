package io.reelay.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.playback.ByteRanges.Part;
import io.reelay.playback.ByteRanges.Unsatisfiable;
import io.reelay.playback.ByteRanges.Whole;
import org.junit.jupiter.api.Test;

class ByteRangesTest {

  @Test
  void singleRanges() {
    assertThat(ByteRanges.select("bytes=0-99", 1000)).isEqualTo(new Part(0, 99));
    assertThat(ByteRanges.select("bytes=500-", 1000)).isEqualTo(new Part(500, 999));
    assertThat(ByteRanges.select("bytes=-1", 1000)).isEqualTo(new Part(999, 999));
    assertThat(ByteRanges.select("bytes=-5000", 1000)).isEqualTo(new Part(0, 999));
    assertThat(ByteRanges.select("bytes=990-2000", 1000)).isEqualTo(new Part(990, 999));
    assertThat(ByteRanges.select(" bytes= 3 - 4 ", 1000)).isEqualTo(new Part(3, 4));
    assertThat(ByteRanges.select("bytes=0-99999999999999999999999", 10)).isEqualTo(new Part(0, 9));
    assertThat(ByteRanges.select("bytes=0-99,", 1000)).as("empty list elements").isEqualTo(new Part(0, 99));
    assertThat(((Part) ByteRanges.select("bytes=10-19", 1000)).contentRange(1000)).isEqualTo("bytes 10-19/1000");
  }

  @Test
  void noHeaderOtherUnitsAndSeveralRangesMeanTheWholeFile() {
    assertThat(ByteRanges.select(null, 10)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.select("items=0-1", 10)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.select("bytes=0-1,3-4", 10)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.select("bytes=0-1,50-60", 10)).isInstanceOf(Whole.class);
  }

  @Test
  void unsatisfiableAndMalformed() {
    for (String h : new String[] {"bytes=10-", "bytes=10-20", "bytes=-0", "bytes=", "bytes=a-b", "bytes=5-4",
        "bytes=1", "bytes=--1", "bytes=-1-2", "bytes=10-,20-", "bytes=0-1,x", "bytes=\u0661-2"}) {
      assertThat(ByteRanges.select(h, 10)).as(h).isInstanceOf(Unsatisfiable.class);
    }
    assertThat(ByteRanges.select("bytes=0-", 0)).as("empty file").isInstanceOf(Unsatisfiable.class);
    assertThat(ByteRanges.select("bytes=-5", 0)).as("empty file").isInstanceOf(Unsatisfiable.class);
    assertThat(Unsatisfiable.contentRange(10)).isEqualTo("bytes */10");
  }
}
