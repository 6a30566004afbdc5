package io.reelay.live.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediaSlabsTest {

  private final SlabPool pool = new SlabPool(4);
  private final MediaSlabs slabs = new MediaSlabs(pool);

  @Test
  void fragmentsArePackedIntoOneSlabAndReadBackUnchanged() {
    MediaSlice a = slabs.keep(new byte[] {1, 2, 3});
    MediaSlice b = slabs.keep(new byte[] {4, 5});
    assertThat(b.array()).isSameAs(a.array());
    assertThat(a.array().length).isEqualTo(MediaSlabs.SLAB_BYTES);
    assertThat(b.offset()).isEqualTo(3);
    assertThat(a.copy()).containsExactly(1, 2, 3);
    assertThat(b.copy()).containsExactly(4, 5);
    assertThat(b.asByteBuffer().remaining()).isEqualTo(2);
  }

  @Test
  void aFragmentThatDoesNotFitStartsANewSlabAndTheOldOneIsNeverWrittenAgain() {
    int third = MediaSlabs.SLAB_BYTES / 3;
    MediaSlice first = slabs.keep(filled(third, 1));
    MediaSlice second = slabs.keep(filled(third, 2));
    MediaSlice third3 = slabs.keep(filled(third + 10, 3));
    assertThat(second.array()).isSameAs(first.array());
    assertThat(third3.array()).isNotSameAs(first.array());
    assertThat(third3.offset()).isZero();
    assertThat(first.copy()).containsOnly(1);
    assertThat(second.copy()).containsOnly(2);
  }

  @Test
  void aFragmentOverHalfASlabIsKeptInItsOwnArray() {
    byte[] big = filled(MediaSlabs.SLAB_BYTES / 2 + 1, 7);
    MediaSlice slice = slabs.keep(big);
    assertThat(slice.array()).isSameAs(big);
    slice.release();
    assertThat(pool.free()).isZero();
  }

  @Test
  void aFullSlabIsReusedOnceEveryPartInItAndEveryReaderGaveItsReferenceBack() {
    int half = MediaSlabs.SLAB_BYTES / 2 - 1;
    MediaSlice a = slabs.keep(filled(half, 1));
    MediaSlice b = slabs.keep(filled(half, 2));
    MediaSlice reading = b.retain(); // a response still being written
    slabs.keep(filled(half, 3)); // the first slab is full: the segmenter lets go of it
    a.release();
    b.release(); // both parts left the window
    assertThat(pool.free()).as("a response still reads it").isZero();
    assertThat(reading.copy()).containsOnly(2);

    reading.release();
    assertThat(pool.free()).isEqualTo(1);
    assertThat(pool.take().array).isSameAs(a.array());
  }

  @Test
  void theSlabBeingFilledIsGivenBackWhenTheStreamEnds() {
    MediaSlice a = slabs.keep(new byte[] {1});
    a.release();
    assertThat(pool.free()).isZero();
    slabs.close();
    assertThat(pool.free()).isEqualTo(1);
  }

  @Test
  void releasingMoreOftenThanRetainedIsCaught() {
    MediaSlice a = slabs.keep(new byte[] {1});
    slabs.close();
    a.release();
    assertThatThrownBy(a::release).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(a::retain).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void thePoolKeepsAtMostItsBound() {
    for (int i = 0; i < 6; i++) {
      pool.give(new byte[1]);
    }
    assertThat(pool.free()).isEqualTo(4);
  }

  @Test
  void slabsAreAtLeastHalfAHeapRegionSoG1NeverCopiesThem() {
    assertThat(MediaSlabs.SLAB_BYTES).isGreaterThanOrEqualTo((1 << 20) / 2);
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
