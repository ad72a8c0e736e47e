package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.auth.LoginThrottle;
import org.digitalbranch.intranet.auth.UserDirectory;
import org.digitalbranch.intranet.chrome.Templates;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET|POST /login}: the sign-in form and its handling. */
public final class LoginServlet extends HostServlet {

  private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);

  static final String WRONG_CREDENTIALS = "Wrong user name or password.";
  static final String FORM_EXPIRED = "The sign-in form had expired. Please sign in again.";

  /**
   * Said when a plugin sends here a form whose session had ended ({@code why=unsent}): without it
   * the page looked like any sign-in, and someone who had pressed Reject could believe it done. The
   * parameter picks this fixed sentence; nothing from the address is shown.
   */
  static final String FORM_NOT_SENT =
      "Your session ended before your form was sent, so nothing was changed. Sign in to go back"
          + " to the page, then send it again.";

  static final String WHY_UNSENT = "unsent";

  /** A demo user as the sign-in page lists it. */
  public record DemoUser(String name, String roles) {}

  private final UserDirectory users;
  private final LoginThrottle throttle;
  private final Templates templates;
  private final Chrome chrome;
  private final List<DemoUser> demoUsers;

  /**
   * @param demoUsers listed on the form when the intranet runs the demo; empty otherwise
   */
  public LoginServlet(
      UserDirectory users,
      LoginThrottle throttle,
      Templates templates,
      Chrome chrome,
      List<ConfiguredUser> demoUsers) {
    super("GET", "HEAD", "POST");
    this.users = users;
    this.throttle = throttle;
    this.templates = templates;
    this.chrome = chrome;
    this.demoUsers =
        demoUsers.stream()
            .map(
                u ->
                    new DemoUser(u.name(), String.join(", ", u.roles().stream().sorted().toList())))
            .toList();
  }

  /** The request attribute holding the name typed with a wrong password. */
  private static final String TYPED_NAME = LoginServlet.class.getName() + ".typedName";

  /** Longer than any user name; a pasted essay is not shown back. */
  private static final int MAX_TYPED_NAME = 200;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String next = request.getParameter("next");
    if (SessionUserFilter.userOf(request).isPresent()) {
      response.sendRedirect(HostPaths.isSafeNext(next) ? next : HostPaths.HOME);
      return;
    }
    showForm(request, response, HttpServletResponse.SC_OK, null);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (FormLimit.refused(request, response)) {
      return;
    }
    if (!Csrf.isValid(request)) {
      showForm(request, response, HttpServletResponse.SC_FORBIDDEN, FORM_EXPIRED);
      return;
    }
    String address = request.getRemoteAddr();
    String name = Optional.ofNullable(request.getParameter("username")).orElse("").strip();
    String password = Optional.ofNullable(request.getParameter("password")).orElse("");
    Optional<LoginThrottle.Wait> wait = throttle.reserve(address, name);
    if (wait.isPresent()) {
      long seconds = wait.get().duration().toSeconds();
      LOG.warn(
          "sign-in refused without checking the password: too many failures {}; {} s to wait",
          wait.get().forName() ? "for " + shown(name) : "from " + address,
          seconds);
      response.setHeader("Retry-After", Long.toString(seconds));
      request.setAttribute(TYPED_NAME, name);
      showForm(
          request,
          response,
          429,
          (wait.get().forName()
                  ? "Too many failed sign-ins for this user name."
                  : "Too many failed sign-ins from your computer.")
              + " Please wait "
              + seconds
              + (seconds == 1 ? " second" : " seconds")
              + " and try again.");
      return;
    }
    Optional<IntranetUser> user = users.authenticate(name, password);
    if (user.isEmpty()) {
      LOG.info("sign-in failed for {} from {}", shown(name), address);
      // The try was counted as failed when it was reserved.
      // The name stays in its box, so only the password is typed again.
      request.setAttribute(TYPED_NAME, name);
      showForm(request, response, HttpServletResponse.SC_OK, WRONG_CREDENTIALS);
      return;
    }
    throttle.succeeded(address, name);
    LOG.info("{} signed in from {}", name, address);
    // A new id, so an id planted before sign-in (session fixation) is worth nothing after it.
    request.changeSessionId();
    HttpSession session = request.getSession();
    session.setAttribute(HostSession.USER, user.get());
    Csrf.renew(session);
    String next = request.getParameter("next");
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", HostPaths.isSafeNext(next) ? next : HostPaths.HOME);
  }

  /**
   * A typed user name as the log may hold it: a configured user's name, else not the text, which
   * may be a password typed into the wrong box, or anything at all.
   */
  private String shown(String name) {
    return users.knows(name) ? "user " + name : "an unknown user name";
  }

  private void showForm(
      HttpServletRequest request, HttpServletResponse response, int status, String message)
      throws IOException {
    HttpSession session = request.getSession();
    Map<String, Object> model = new HashMap<>();
    model.put("csrf", Csrf.tokenOf(session));
    String next = request.getParameter("next");
    model.put("next", HostPaths.isSafeNext(next) ? next : null);
    model.put("message", message);
    if (WHY_UNSENT.equals(request.getParameter("why"))) {
      model.put("unsent", FORM_NOT_SENT);
    }
    Object typed = request.getAttribute(TYPED_NAME);
    if (typed instanceof String name && !name.isEmpty() && name.length() <= MAX_TYPED_NAME) {
      model.put("username", name);
    }
    model.put("demo", !demoUsers.isEmpty());
    model.put("demoUsers", demoUsers);
    String body = templates.render("login", model);
    // A refused sign-in says so first, in the tab and to a screen reader, as the plugin's forms do.
    String title = message == null ? "Sign in" : "Error: Sign in";
    HtmlResponses.send(response, status, chrome.render(request, Chrome.Page.of(title, body)));
  }
}
