import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// The screens' state holders, written and tested once in bindings/kotlin/presentation and
// compiled here unchanged: Compose only renders their state and forwards intents.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "de.leipzig.nahbeimir.presentation"
    compileSdk = libs.versions.compileSdk.get().toInt()

    defaultConfig {
        minSdk = libs.versions.minSdk.get().toInt()
    }

    sourceSets.getByName("main") {
        kotlin.srcDirs("../../bindings/kotlin/presentation/src/main/kotlin")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    compilerOptions { jvmTarget.set(JvmTarget.JVM_17) }
}

dependencies {
    api(project(":core"))
}
