package io.tokengate.gateway;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QueryParametersTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", value = {
			"token=t&installid=i|NULL",
			"a=1&token=t&b=%20x&installid=i&c|a=1&b=%20x&c",
			"z=9&a=1&token=t&installid=i|z=9&a=1",
			"%74oken=t&installid=i&keep=1|keep=1",
			"%2574oken=t&keep=1|%2574oken=t&keep=1",
			"tokens=1&my_token=2|tokens=1&my_token=2",
			"a=1&&b=2|a=1&&b=2",
			"token|NULL",
			"x=%ZZ&token=t|x=%ZZ" })
	void withoutRemovesOnlyTheNamedParameters(String query, String expected) {
		assertThat(QueryParameters.without(query, Set.of("token", "installid"))).isEqualTo(expected);
	}

}
