package io.reelay.media.fmp4;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Walks ISO BMFF boxes in tests: a box's type, where its payload is, and its children. */
public record Boxes(String type, ByteBuffer payload) {

  /** The top-level boxes of {@code bytes}; fails on a size that does not fit. */
  public static List<Boxes> parse(byte[] bytes) {
    return children(ByteBuffer.wrap(bytes));
  }

  public static List<Boxes> children(ByteBuffer buf) {
    List<Boxes> boxes = new ArrayList<>();
    ByteBuffer b = buf.slice();
    while (b.remaining() > 0) {
      int size = b.getInt(b.position());
      if (size < 8 || size > b.remaining()) {
        throw new AssertionError("bad box size " + size + " with " + b.remaining() + " left");
      }
      String type = new String(new byte[] {b.get(b.position() + 4), b.get(b.position() + 5),
          b.get(b.position() + 6), b.get(b.position() + 7)}, java.nio.charset.StandardCharsets.US_ASCII);
      boxes.add(new Boxes(type, b.slice(b.position() + 8, size - 8)));
      b.position(b.position() + size);
    }
    return boxes;
  }

  /** The first descendant at this path of container boxes, e.g. {@code "trak/mdia/mdhd"}; null if none. */
  public Boxes find(String path) {
    String[] names = path.split("/", 2);
    for (Boxes child : children(payload)) {
      if (child.type.equals(names[0])) {
        return names.length == 1 ? child : child.find(names[1]);
      }
    }
    return null;
  }

  public List<Boxes> all(String type) {
    return children(payload).stream().filter(b -> b.type.equals(type)).toList();
  }

  public static Boxes first(List<Boxes> boxes, String type) {
    return boxes.stream().filter(b -> b.type.equals(type)).findFirst().orElseThrow();
  }
}
