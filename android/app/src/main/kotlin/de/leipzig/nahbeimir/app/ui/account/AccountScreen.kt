// The account screen: log in through the browser, who is logged in, log out (with the outbox warning).
package de.leipzig.nahbeimir.app.ui.account

import android.widget.Toast
import androidx.activity.compose.BackHandler
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.BrowserTabs
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.account.AccountPhase
import de.leipzig.nahbeimir.presentation.account.AccountState
import de.leipzig.nahbeimir.presentation.account.LogoutStep
import kotlinx.coroutines.launch

/**
 * The citizen's account. Logged out: what the login is for and "log in", which opens the
 * provider's page in a Custom Tab; the answer comes back through the redirect (see
 * [AccountViewModel]). Logged in: the name, "my data" and "log out", which is asked first
 * (it deletes everything the app stored on the phone) and asked again while actions saved on
 * the phone have not reached the city.
 */
@Composable
fun AccountScreen(viewModel: AccountViewModel, onProfile: () -> Unit, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { viewModel.resumed() }
    // Leaving while the code is exchanged or the logout runs would abandon it half-way.
    BackHandler(enabled = state.busy) {}
    val login: () -> Unit = {
        scope.launch {
            val url = viewModel.startLogin() ?: return@launch
            if (BrowserTabs.open(context, url)) {
                viewModel.browserOpened()
            } else {
                viewModel.browserUnavailable()
                Toast.makeText(context, R.string.browser_unavailable, Toast.LENGTH_LONG).show()
            }
        }
    }
    Scaffold(
        topBar = { LeipzigTopBar(stringResource(R.string.account_title), onBack = onBack.takeUnless { state.busy }) }
    ) { padding ->
        Column(
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp)
        ) {
            when {
                state.loading -> Working(R.string.account_loading)
                state.phase == AccountPhase.LOGGED_IN -> LoggedIn(state, onProfile, viewModel::requestLogout)
                state.phase == AccountPhase.LOGGING_IN -> LoggingIn(state, viewModel::cancelLogin)
                state.phase == AccountPhase.ERROR -> LoginFailed(state, login, viewModel::cancelLogin)
                else -> LoggedOut(state, login)
            }
        }
    }
    LogoutQuestions(state, onConfirm = viewModel::logout, onDismiss = viewModel::cancelLogout)
}

private val status = Modifier.semantics { liveRegion = LiveRegionMode.Polite }

@Composable
private fun Working(@StringRes text: Int) {
    Row(status, verticalAlignment = Alignment.CenterVertically) {
        CircularProgressIndicator(Modifier.size(24.dp))
        Text(stringResource(text), modifier = Modifier.padding(start = 12.dp))
    }
}

@Composable
private fun WideButton(@StringRes text: Int, onClick: () -> Unit) {
    Button(onClick = onClick, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
        Text(stringResource(text))
    }
}

@Composable
private fun ErrorText(text: String) {
    Text(text, color = MaterialTheme.colorScheme.error, modifier = status)
}

@Composable
private fun LoggedOut(state: AccountState, onLogin: () -> Unit) {
    val error = state.error
    when {
        // The provider ended the login (expired, revoked elsewhere).
        error == ErrorKind.UNAUTHORIZED -> ErrorText(stringResource(R.string.account_login_ended))

        error != null -> ErrorText(stringResource(error.message()))

        state.endedAtProvider == true -> Text(stringResource(R.string.account_logged_out), modifier = status)

        state.endedAtProvider == false -> Text(stringResource(R.string.account_logged_out_offline), modifier = status)
    }
    Text(stringResource(R.string.account_intro), style = MaterialTheme.typography.bodyLarge)
    WideButton(R.string.account_login, onLogin)
    Text(stringResource(R.string.account_browser_hint), style = MaterialTheme.typography.bodyMedium)
}

@Composable
private fun LoggingIn(state: AccountState, onCancel: () -> Unit) {
    if (state.busy) {
        Working(R.string.account_working)
    } else {
        Working(R.string.account_in_browser)
        TextButton(onClick = onCancel, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            Text(stringResource(R.string.action_cancel))
        }
    }
}

@Composable
private fun LoginFailed(state: AccountState, onRetry: () -> Unit, onCancel: () -> Unit) {
    val error = state.error ?: ErrorKind.OTHER
    // UNAUTHORIZED here: the provider refused, or the answer did not belong to this login.
    ErrorText(stringResource(if (error == ErrorKind.UNAUTHORIZED) R.string.account_login_failed else error.message()))
    WideButton(R.string.action_retry, onRetry)
    TextButton(onClick = onCancel, modifier = Modifier.heightIn(min = MinTouchTarget)) {
        Text(stringResource(R.string.action_cancel))
    }
}

@Composable
private fun LoggedIn(state: AccountState, onProfile: () -> Unit, onLogout: () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(stringResource(R.string.account_signed_in_as), style = MaterialTheme.typography.labelLarge)
        Text(
            state.displayName ?: stringResource(R.string.account_signed_in),
            style = MaterialTheme.typography.headlineSmall
        )
        state.identity?.email?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
    }
    WideButton(R.string.account_profile, onProfile)
    state.error?.let { ErrorText(stringResource(R.string.account_logout_failed, stringResource(it.message()))) }
    Text(stringResource(R.string.account_logout_explanation), style = MaterialTheme.typography.bodyMedium)
    OutlinedButton(
        onClick = onLogout,
        enabled = !state.busy,
        colors = ButtonDefaults.outlinedButtonColors(contentColor = MaterialTheme.colorScheme.error),
        modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
    ) {
        Text(stringResource(R.string.account_logout))
    }
    if (state.logout == LogoutStep.LOGGING_OUT) Working(R.string.account_logout_running)
}

/** "Log out?" and, when actions have not reached the city yet, "log out anyway?". */
@Composable
private fun LogoutQuestions(state: AccountState, onConfirm: (force: Boolean) -> Unit, onDismiss: () -> Unit) {
    // onDismissRequest also runs on the system back button and an outside tap.
    when (state.logout) {
        LogoutStep.CONFIRMING -> AlertDialog(
            onDismissRequest = onDismiss,
            title = { Text(stringResource(R.string.account_logout_title)) },
            text = { Text(stringResource(R.string.account_logout_text)) },
            confirmButton = { DangerButton(R.string.account_logout) { onConfirm(false) } },
            dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_cancel)) } }
        )

        LogoutStep.PENDING_ACTIONS -> AlertDialog(
            onDismissRequest = onDismiss,
            title = { Text(stringResource(R.string.account_pending_title)) },
            text = {
                Text(
                    pluralStringResource(
                        R.plurals.account_logout_pending_text,
                        state.pendingActions,
                        state.pendingActions
                    )
                )
            },
            confirmButton = { DangerButton(R.string.account_logout_anyway) { onConfirm(true) } },
            dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_cancel)) } }
        )

        LogoutStep.IDLE, LogoutStep.LOGGING_OUT -> Unit
    }
}

@Composable
private fun DangerButton(@StringRes text: Int, onClick: () -> Unit) {
    TextButton(
        onClick = onClick,
        colors = ButtonDefaults.textButtonColors(contentColor = MaterialTheme.colorScheme.error)
    ) {
        Text(stringResource(text))
    }
}
