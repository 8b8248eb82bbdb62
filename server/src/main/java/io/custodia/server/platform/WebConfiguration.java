package io.custodia.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Time and languages: UTC clock for every feature, French and English pages chosen by {@code ?lang=}. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {
    private static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH);

    /** Every feature asks this clock for "now", so that tests can set the time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("custodia-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        // Without a chosen language, French for browsers that prefer it, English otherwise.
        resolver.setDefaultLocaleFunction(request -> SUPPORTED.stream()
                .filter(locale ->
                        locale.getLanguage().equals(request.getLocale().getLanguage()))
                .findFirst()
                .orElse(Locale.ENGLISH));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }
}
