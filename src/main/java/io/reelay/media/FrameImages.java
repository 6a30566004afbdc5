package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/** Decoded frames to Java images of one size, and images to JPEG files. One per size; not thread-safe. */
final class FrameImages implements AutoCloseable {

  private static final float JPEG_QUALITY = 0.8f;

  private final Scaler scaler;
  private final int width;
  private final int height;

  FrameImages(int width, int height) throws TranscodeException {
    this.width = width;
    this.height = height;
    // Area averaging: the best choice for the large downscales of thumbnails (no aliasing shimmer).
    this.scaler = new Scaler(width, height, AV_PIX_FMT_BGR24, SWS_AREA);
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Scales a frame and copies its pixels into {@code target} at (x, y). */
  void draw(AVFrame frame, BufferedImage target, int x, int y) throws TranscodeException {
    AVFrame bgr = scaler.scale(frame);
    byte[] pixels = ((DataBufferByte) target.getRaster().getDataBuffer()).getData();
    int targetStride = target.getWidth() * 3;
    BytePointer data = bgr.data(0);
    int stride = bgr.linesize(0);
    for (int row = 0; row < height; row++) {
      data.position((long) row * stride).get(pixels, (y + row) * targetStride + x * 3, width * 3);
    }
  }

  BufferedImage image(AVFrame frame) throws TranscodeException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    draw(frame, image, 0, 0);
    return image;
  }

  static void writeJpeg(BufferedImage image, Path file) throws TranscodeException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    // In-memory cache: ImageIO's default would put a temporary file in java.io.tmpdir for every image.
    try (OutputStream os = Files.newOutputStream(file); ImageOutputStream out = new MemoryCacheImageOutputStream(os)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new TranscodeException("could not write thumbnails", e);
    } finally {
      writer.dispose();
    }
  }

  @Override
  public void close() {
    scaler.close();
  }
}
