package io.reelay.upload;

import io.reelay.node.Ids;
import io.reelay.node.auth.AuthService;
import io.reelay.node.auth.Principal;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The tus 1.0.0 endpoint at {@code /files/}: method override, discovery, version check, CORS, ownership
 * forwarding and authentication, then the operation. Bodies are never buffered: the request stays paused
 * until a PATCH pipes it to the upload's file.
 */
public final class TusRoutes implements HttpRoutes {

  public static final String PATH = "/files/";

  private final UploadService uploads;
  private final AuthService auth;
  private final UploadForwarder forwarder;

  TusRoutes(UploadService uploads, AuthService auth, UploadForwarder forwarder) {
    this.uploads = uploads;
    this.auth = auth;
    this.forwarder = forwarder;
  }

  @Override
  public void mount(Router router) {
    // Pause first: the body must wait for authentication and the upload's lock, not be dropped meanwhile.
    router.route("/files*").handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    router.route("/files*").handler(cors());
    router.route("/files*").handler(this::handle);
  }

  private static CorsHandler cors() {
    return CorsHandler.create()
        .addOrigin("*")
        .allowedMethods(Set.of(HttpMethod.POST, HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.DELETE,
            HttpMethod.OPTIONS, HttpMethod.GET))
        .allowedHeaders(new HashSet<>(Tus.REQUEST_HEADERS))
        .exposedHeaders(new HashSet<>(Tus.RESPONSE_HEADERS))
        .maxAgeSeconds(86400);
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String method = effectiveMethod(request);
    if (method.equals("OPTIONS")) {
      discovery(response, uploads.settings().maxBytes());
      return;
    }
    response.putHeader(Tus.TUS_RESUMABLE, Tus.VERSION);
    String version = request.getHeader(Tus.TUS_RESUMABLE);
    if (!Tus.VERSION.equals(version)) {
      response.putHeader(Tus.TUS_VERSION, Tus.VERSION);
      TusResponses.fail(request, new TusException(412, "Tus-Resumable must be " + Tus.VERSION
          + (version == null ? "" : "; " + version + " is not supported")));
      return;
    }
    String id = uploadId(request.path());
    if (id == null && !method.equals("POST")) {
      TusResponses.fail(request, new TusException(405, method + " needs an upload URL, e.g. " + PATH + "{id}"));
      return;
    }
    if (id != null && !Ids.wellFormed(id)) {
      TusResponses.fail(request, TusException.notFound());
      return;
    }
    if (id != null && forwarder.shouldForward(request, id)) {
      forwarder.forward(request, id);
      return;
    }
    authenticate(request)
        .compose(user -> dispatch(method, id, user, request))
        .onFailure(e -> TusResponses.fail(request, e));
  }

  private Future<Void> dispatch(String method, String id, Principal user, HttpServerRequest request) {
    HttpServerResponse response = request.response();
    return switch (method) {
      case "POST" -> id != null
          ? Future.failedFuture(new TusException(405, "create uploads with POST " + PATH))
          : uploads.create(user, TusRequests.creation(request, uploads.settings())).compose(u -> {
            response.setStatusCode(201).putHeader("Location", PATH + u.id());
            TusResponses.describe(response, u);
            return response.end();
          });
      case "HEAD" -> uploads.inspect(user, id).compose(u -> {
        response.putHeader("Cache-Control", "no-store");
        TusResponses.describe(response, u);
        return response.setStatusCode(200).end();
      });
      case "PATCH" -> {
        TusRequests.requireOffsetOctetStream(request);
        yield uploads.append(user, id, TusRequests.offset(request), TusRequests.length(request), request,
            TusRequests.chunk(request)).compose(u -> {
          response.putHeader(Tus.UPLOAD_OFFSET, Long.toString(u.offset()));
          TusResponses.expires(response, u);
          return response.setStatusCode(204).end();
        });
      }
      case "DELETE" -> uploads.terminate(user, id).compose(v -> response.setStatusCode(204).end());
      default -> Future.failedFuture(new TusException(405, method + " is not a tus method"));
    };
  }

  private static void discovery(HttpServerResponse response, long maxBytes) {
    response.setStatusCode(204)
        .putHeader(Tus.TUS_MAX_SIZE, Long.toString(maxBytes))
        .putHeader(Tus.TUS_RESUMABLE, Tus.VERSION)
        .putHeader(Tus.TUS_VERSION, Tus.VERSION)
        .putHeader(Tus.TUS_EXTENSION, String.join(",", Tus.EXTENSIONS))
        .putHeader(Tus.TUS_CHECKSUM_ALGORITHM, String.join(",", UploadChecksum.SUPPORTED))
        .end();
  }

  private Future<Principal> authenticate(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(new TusException(401, "an 'Authorization: Bearer <token>' header is required"));
    }
    return auth.authenticate(header.substring(7).trim());
  }

  /** POST with X-HTTP-Method-Override stands for the named method (for clients that cannot send PATCH). */
  private static String effectiveMethod(HttpServerRequest request) {
    String override = request.getHeader(Tus.METHOD_OVERRIDE);
    if (override != null && request.method() == HttpMethod.POST) {
      return override.trim().toUpperCase(Locale.ROOT);
    }
    return request.method().name();
  }

  /** The upload id of {@code /files/{id}}, null for the creation URL, "" for any other path. */
  static String uploadId(String path) {
    if (path.equals("/files") || path.equals(PATH)) {
      return null;
    }
    if (!path.startsWith(PATH)) {
      return "";
    }
    String rest = path.substring(PATH.length());
    return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
  }
}
