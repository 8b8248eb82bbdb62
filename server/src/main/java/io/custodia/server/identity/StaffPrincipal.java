package io.custodia.server.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** Spring Security's view of a local staff account. */
final class StaffPrincipal implements UserDetails {
    private static final long serialVersionUID = 1L;

    private final StaffMember member;
    private final String passwordHash;
    private final boolean enabled;

    StaffPrincipal(StaffMember member, String passwordHash, boolean enabled) {
        this.member = member;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
    }

    StaffMember member() {
        return member;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(Staff.AUTHORITY));
        member.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        return authorities;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return member.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }
}
