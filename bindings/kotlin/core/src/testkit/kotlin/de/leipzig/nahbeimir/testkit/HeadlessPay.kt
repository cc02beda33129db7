package de.leipzig.nahbeimir.testkit

import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets

/**
 * Plays the citizen on the sandbox's payment page (ePayBL), as a browser would: opens the
 * page, submits the form of the chosen method (`epb-paypal`, `epb-card` then the 3-D Secure
 * page's `epb-card-3ds-confirm`, `epb-wero`, `epb-sepa`, `epb-cancel`, `epb-fail`) with the
 * fields the page filled in, follows redirects by hand while they stay on the page's origin
 * (the app API's return endpoint is one of them) and stops at the first `Location`
 * elsewhere: the app link the system browser would hand to the app. Nothing is ever sent to
 * another origin. The Kotlin twin of `sandbox/src/epaybl/headless.rs`.
 */
object HeadlessPay {
    /** What the citizen does on the page; [formId] is the form pressed. */
    enum class Choice(val formId: String) {
        /** Pay with PayPal. */
        PAYPAL("epb-paypal"),

        /** Pay by card, confirming the 3-D Secure step. */
        CARD("epb-card"),

        /** Pay with Wero. */
        WERO("epb-wero"),

        /** Give a SEPA direct-debit mandate (settles later). */
        SEPA("epb-sepa"),

        /** Press "Abbrechen". */
        CANCEL("epb-cancel"),

        /** Press "Fehlschlag simulieren": the payment service refuses. */
        FAIL("epb-fail")
    }

    private const val THREE_DS_FORM = "epb-card-3ds-confirm"
    private const val DONE_ID = "epb-done"
    private const val MAX_HOPS = 8
    private val formTag = Regex("""<form\b[^>]*>""", RegexOption.IGNORE_CASE)
    private val inputTag = Regex("""<input\b[^>]*>""", RegexOption.IGNORE_CASE)
    private val title = Regex("""<title>(.*?)</title>""", setOf(RegexOption.IGNORE_CASE, RegexOption.DOT_MATCHES_ALL))

    /** Where a request led: a `Location` off the origin, or a page on it. */
    private sealed interface Landing {
        data class Away(val url: String) : Landing
        data class Page(val url: URI, val status: Int, val body: String) : Landing
    }

    /**
     * Pays (or cancels, or fails) the transaction behind [paypageUrl] with [choice]. Returns
     * the app link (`https://app.leipzig.de/pay/return?paymentId=…`, not fetched), or null
     * when the page said "Sie können dieses Fenster schließen" instead of sending the browser
     * back (`dropRedirect`).
     */
    fun pay(paypageUrl: String, choice: Choice = Choice.PAYPAL): String? {
        val walk = Walk(URI.create(paypageUrl))
        var landing = walk.get(URI.create(paypageUrl))
        val page = landing as? Landing.Page ?: return (landing as Landing.Away).url
        val (action, fields) = form(page.body, choice.formId)
            ?: error("the page offers no ${choice.formId} form (HTTP ${page.status}, ${titleOf(page.body)})")
        landing = walk.submit(page.url, action, fields)
        if (choice == Choice.CARD && landing is Landing.Page) {
            val confirm = form(landing.body, THREE_DS_FORM)
            if (confirm != null) landing = walk.submit(landing.url, confirm.first, confirm.second)
        }
        return when (landing) {
            is Landing.Away -> landing.url

            is Landing.Page -> {
                check(landing.status == 200 && landing.body.contains("id=\"$DONE_ID\"")) {
                    "unexpected page after ${choice.formId}: HTTP ${landing.status}, ${titleOf(landing.body)}"
                }
                null
            }
        }
    }

    /** One walk through the page: a browser without redirects, bound to the page's origin. */
    private class Walk(start: URI) {
        private val origin = originOf(start)
        private val http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()

        fun get(url: URI): Landing = follow(url, send(HttpRequest.newBuilder(url).GET().build()))

        fun submit(page: URI, action: String, fields: List<Pair<String, String>>): Landing {
            val target = page.resolve(action)
            check(originOf(target) == origin) { "the form posts to another origin: $target" }
            val body = fields.joinToString("&") { (k, v) -> "${encode(k)}=${encode(v)}" }
            val request = HttpRequest.newBuilder(target)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()
            return follow(target, send(request))
        }

        private fun follow(start: URI, first: HttpResponse<String>): Landing {
            var url = start
            var response = first
            repeat(MAX_HOPS) {
                if (response.statusCode() !in 300..399) return Landing.Page(url, response.statusCode(), response.body())
                val location = response.headers().firstValue("Location").orElseThrow {
                    IllegalStateException("redirect without Location from $url")
                }
                val next = url.resolve(location)
                if (originOf(next) != origin) return Landing.Away(next.toString())
                response = send(HttpRequest.newBuilder(next).GET().build())
                url = next
            }
            error("too many redirects on $origin")
        }

        private fun send(request: HttpRequest): HttpResponse<String> =
            http.send(request, HttpResponse.BodyHandlers.ofString())
    }

    /** The `action` and the fields a browser would send for the form with [id]. */
    private fun form(page: String, id: String): Pair<String, List<Pair<String, String>>>? {
        val tag = formTag.findAll(page).firstOrNull { attribute(it.value, "id") == id } ?: return null
        val action = attribute(tag.value, "action").orEmpty()
        val end = page.indexOf("</form", tag.range.last, ignoreCase = true).let { if (it < 0) page.length else it }
        val fields = inputTag.findAll(page.substring(tag.range.last + 1, end)).mapNotNull { input ->
            val attrs = input.value
            val type = attribute(attrs, "type")?.lowercase() ?: "text"
            val checkable = type == "checkbox" || type == "radio"
            when {
                type in setOf("submit", "button", "image", "reset", "file") -> null

                checkable && !Regex("""\schecked\b""", RegexOption.IGNORE_CASE).containsMatchIn(attrs) -> null

                else -> attribute(attrs, "name")?.takeIf { it.isNotEmpty() }?.let { name ->
                    name to (attribute(attrs, "value") ?: if (checkable) "on" else "")
                }
            }
        }.toList()
        return action to fields
    }

    private fun attribute(tag: String, name: String): String? =
        Regex("""\s$name\s*=\s*"([^"]*)"""", RegexOption.IGNORE_CASE).find(tag)?.groupValues?.get(1)?.let(::unescape)

    private fun unescape(text: String): String = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")

    private fun titleOf(page: String): String = title.find(page)?.groupValues?.get(1)?.let(::unescape)?.trim().orEmpty()

    private fun encode(value: String): String = URLEncoder.encode(value, StandardCharsets.UTF_8)

    private fun originOf(uri: URI): String {
        val scheme = uri.scheme?.lowercase().orEmpty()
        val port = if (uri.port == -1) (if (scheme == "https") 443 else 80) else uri.port
        return "$scheme://${uri.host?.lowercase()}:$port"
    }
}
