extension ScriptedCodeGenerator {
    static let successCode = """
        # Scripted code - success
        import json
        from datetime import datetime

        result_value = 42
        timestamp = datetime.now().isoformat()

        results = {
            'value': result_value,
            'timestamp': timestamp,
            'status': 'success',
        }
        """

    static let syntaxErrorCode = """
        # Scripted code - syntax error
        def broken_function(
            # the closing parenthesis is missing

        results = {'value': 42}
        """

    static let runtimeErrorCode = """
        # Scripted code - runtime error
        value = 100 / 0

        results = {'value': value}
        """

    static let missingResultsCode = """
        # Scripted code - no results dictionary
        value = 42 * 2
        print(f"Value is {value}")
        """

    static let channelWriteCode = """
        # Scripted code - control-system write
        current_value = read_channel('DEVICE:PV:SETPOINT')
        new_value = current_value * 1.1
        write_channel('DEVICE:PV:SETPOINT', new_value)

        results = {
            'old_value': current_value,
            'new_value': new_value,
            'channel': 'DEVICE:PV:SETPOINT',
        }
        """

    static let channelReadCode = """
        # Scripted code - control-system reads only
        value = read_channel('DEVICE:PV:READBACK')
        status = read_channel('DEVICE:STATUS')

        results = {
            'value': value,
            'status': status,
            'operation': 'read_only',
        }
        """

    static let securityRiskCode = """
        # Scripted code - security risk
        import os
        import subprocess

        output = subprocess.run(['ls', '-la'], capture_output=True)
        files = os.listdir('/')

        results = {
            'output': output.stdout.decode(),
            'files': files,
        }
        """
}
