package de.leipzig.nahbeimir.testkit

import java.net.CookieManager
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets

/**
 * Plays the citizen in the browser: opens the provider's authorization URL, fills in the
 * login form (`kc-form-login`, as Keycloak and the sandbox provider render it) and returns
 * where the provider redirects — the URL the app's redirect handler would receive.
 */
object HeadlessLogin {
    private val formTag = Regex("""<form[^>]*id="kc-form-login"[^>]*>""", RegexOption.IGNORE_CASE)
    private val action = Regex("""action="([^"]+)"""", RegexOption.IGNORE_CASE)

    /** The redirect URL carrying `code`, `state` and `iss`. */
    fun login(authorizeUrl: String, username: String, password: String): String {
        val http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(CookieManager())
            .build()
        val page = http.send(
            HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(),
            HttpResponse.BodyHandlers.ofString()
        )
        check(page.statusCode() == 200) { "login page: HTTP ${page.statusCode()}" }
        val form = formTag.find(page.body())?.value ?: error("no login form on the page")
        val target = action.find(form)?.groupValues?.get(1)?.replace("&amp;", "&") ?: error("form without action")
        val body = listOf("username" to username, "password" to password, "credentialId" to "")
            .joinToString("&") { (k, v) -> "$k=${URLEncoder.encode(v, StandardCharsets.UTF_8)}" }
        val answer = http.send(
            HttpRequest.newBuilder(URI.create(authorizeUrl).resolve(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString()
        )
        check(answer.statusCode() == 302 || answer.statusCode() == 303) { "login refused: HTTP ${answer.statusCode()}" }
        return answer.headers().firstValue("Location").orElseThrow()
    }
}
