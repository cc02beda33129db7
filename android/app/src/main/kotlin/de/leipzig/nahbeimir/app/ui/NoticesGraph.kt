// The notices feature's destinations: the mailbox, one notice, a reply, the deadlines.
package de.leipzig.nahbeimir.app.ui

import androidx.lifecycle.createSavedStateHandle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavGraphBuilder
import androidx.navigation.NavType
import androidx.navigation.compose.composable
import androidx.navigation.navArgument
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.notices.DeadlinesScreen
import de.leipzig.nahbeimir.app.ui.notices.DeadlinesViewModel
import de.leipzig.nahbeimir.app.ui.notices.MailboxScreen
import de.leipzig.nahbeimir.app.ui.notices.MailboxViewModel
import de.leipzig.nahbeimir.app.ui.notices.NoticeDetailScreen
import de.leipzig.nahbeimir.app.ui.notices.NoticeViewModel
import de.leipzig.nahbeimir.app.ui.notices.ReplyScreen
import de.leipzig.nahbeimir.app.ui.notices.ReplyViewModel

/** The mailbox, a notice (paying it leads into the payments graph), its replies, the deadlines. */
internal fun NavGraphBuilder.noticesGraph(
    container: AppContainer,
    pages: PaymentPages,
    go: (String) -> Unit,
    back: () -> Unit
) {
    val noticeArgument = navArgument(Routes.NOTICE_ARG) { type = NavType.StringType }
    composable(Routes.NOTICES) {
        MailboxScreen(
            viewModel = viewModel { MailboxViewModel(container) },
            onOpen = { id -> go(Routes.notice(id)) },
            onDeadlines = { go(Routes.NOTICE_DEADLINES) },
            onLogin = { go(Routes.ACCOUNT) },
            onBack = back
        )
    }
    composable(Routes.NOTICE, arguments = listOf(noticeArgument)) {
        val id = it.arguments?.getString(Routes.NOTICE_ARG).orEmpty()
        NoticeDetailScreen(
            viewModel = viewModel {
                NoticeViewModel(container, checkNotNull(createSavedStateHandle().get<String>(Routes.NOTICE_ARG)))
            },
            pages = pages,
            onReply = { kind -> go(Routes.noticeReply(id, kind)) },
            onPay = { subject -> go(Routes.pay(subject)) },
            onBack = back
        )
    }
    composable(
        Routes.NOTICE_REPLY,
        arguments = listOf(noticeArgument, navArgument(Routes.REPLY_KIND_ARG) { type = NavType.StringType })
    ) {
        ReplyScreen(
            viewModel = viewModel {
                val args = createSavedStateHandle()
                val kind = Routes.replyKind(args.get<String>(Routes.REPLY_KIND_ARG))
                ReplyViewModel(container, checkNotNull(args.get<String>(Routes.NOTICE_ARG)), checkNotNull(kind))
            },
            onDone = back,
            onBack = back
        )
    }
    composable(Routes.NOTICE_DEADLINES) {
        DeadlinesScreen(
            viewModel = viewModel { DeadlinesViewModel(container) },
            onOpen = { id -> go(Routes.notice(id)) },
            onBack = back
        )
    }
}
